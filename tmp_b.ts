import { deCurve } from '/work/main/src-shared/theory/de-curve';
const [a,b,v,d,tau,reps] = process.argv.slice(2).map(Number);
const f=()=>deCurve({ alpha:a, beta:b, v, d, tau, rmax: 1e9, checkpoints: 200, gammaFraction: 0.5 });
f();
const c:number[]=[];
for(let i=0;i<reps;i++){const c0=process.cpuUsage(); const r=f(); const u=process.cpuUsage(c0); c.push((u.user+u.system)/1000); if(i==0) console.log(JSON.stringify(r.measure ?? {}).slice(0,200));}
c.sort((x,y)=>x-y); console.log(a,b,v,d,tau,'cpu median',c[(c.length-1)>>1].toFixed(0), c.map(x=>x.toFixed(0)).join(','));
