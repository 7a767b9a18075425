import * as echarts from 'echarts';
const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 400 });
const vals: number[] = [];
chart.setOption({ animation:false, xAxis: { type: 'log', min: 50, max: 2e8, axisTick: {customValues: [100,1000,1e4]}, splitLine: {show: true}, axisLabel: { customValues: [100,1000,1e4], formatter: (v: number) => { vals.push(v); return String(v); } } }, yAxis: { type: 'value' }, series: [{ type: 'line', data: [[100, 1], [1e6, 2]] }] });
const svg = chart.renderToSVGString();
console.log(vals);
console.log(svg.match(/<path d="M[^"]*"[^>]*>/g)?.slice(0,12).join("\n"));
chart.dispose();
process.exit(0);
