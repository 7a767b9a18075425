// Colour contrast for chart lines (WCAG 2.1 relative luminance and contrast ratio,
// https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): non-text graphics need ≥ 3:1 against the
// background. `readable` darkens (light background) or lightens (dark background) a colour in
// small steps towards black/white until it reaches the ratio, keeping its hue.
function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function rgb(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

export function luminance(hex: string): number {
  const [r, g, b] = rgb(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function toHex(c: number[]): string {
  return '#' + c.map((v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0')).join('');
}

/** the colour moved towards black (light bg) or white (dark bg) until contrast ≥ min */
export function readable(color: string, bg: string, min = 3): string {
  const towards = luminance(bg) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const c = rgb(color);
  for (let k = 0; k <= 20; k++) {
    const f = k / 20;
    const out = toHex(c.map((v, i) => v + f * (towards[i]! - v)));
    if (contrast(out, bg) >= min) return out;
  }
  return toHex(towards);
}
