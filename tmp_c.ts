import { PowerLawSums } from '/work/main/src-shared/theory/power-sums';
import { deCurve } from '/work/main/src-shared/theory/de-curve';
const [a,b,v,d,tau] = process.argv.slice(2).map(Number);
const st:Record<string,{calls:number,nodes:number,head:number}>={};
const orig=PowerLawSums.prototype.eval;
PowerLawSums.prototype.eval=function(xr:number,xi:number,out:Float64Array){orig.call(this,xr,xi,out);const k=String(this.specs.length);st[k]??={calls:0,nodes:0,head:0};st[k].calls++;st[k].nodes+=this.lastNodes;st[k].head+=this.lastTerms;this.lastNodes=0;};
const r=deCurve({ alpha:a, beta:b, v, d, tau, rmax: 1e9, checkpoints: 200, gammaFraction: 0.5 });
console.log(JSON.stringify(st), r.measure.gridPoints);
