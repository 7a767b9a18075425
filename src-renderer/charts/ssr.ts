// Render an ECharts option to an SVG string without a DOM (ECharts server-side rendering).
// Used for "export SVG" in the app and for checking chart options in Node tests.
import * as echarts from 'echarts';

export function renderSvg(option: Record<string, unknown>, width = 800, height = 520): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, toolbox: undefined, dataZoom: undefined });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** the option after ECharts merged defaults (series types, axis types), for inspection */
export function resolvedOption(option: Record<string, unknown>): Record<string, unknown> {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 520 });
  try {
    chart.setOption({ ...option, animation: false });
    return chart.getOption() as Record<string, unknown>;
  } finally {
    chart.dispose();
  }
}
