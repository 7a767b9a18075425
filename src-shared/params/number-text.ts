// Numbers in messages without floating-point noise (issue 13: "0.19999999999999996" in a
// validation message). A number is written as the shortest decimal that round-trips the value
// rounded to 12 significant digits: 0.19999999999999996 → "0.2", 2·0.1 + 2·0.2 = 0.6000000000000001
// → "0.6", 0.7999999799999999 → "0.79999998", while 0.999, 1e-7 and 123456 stay as they are.
// 12 digits keep every number a person types (≤ 12 significant digits) and drop the last 3–4
// digits of a double (ε = 2.2e-16 relative), where arithmetic noise lives.
// cleanNumbers applies the same rounding to every unquoted non-integer decimal of 15 or more
// significant digits in a sentence (ParamError does this to every message): quoted text — a user's input
// echoed as "…" — is left alone.

/** a finite number as text, rounded to 12 significant digits; ±∞ and NaN spelt out */
export function numText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  return String(Number(x.toPrecision(12)));
}

/** a decimal with a fraction (integers such as seeds are exact), not part of a longer token */
const LONG_DECIMAL = /(?<![\w."'])-?\d+\.\d+(?:e[-+]?\d+)?(?![\w."'])/gi;

/** rewrite noisy numbers in a message with numText (quoted parts untouched) */
export function cleanNumbers(message: string): string {
  return message
    .split(/("[^"]*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(LONG_DECIMAL, (m) => {
            const digits = m.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
            return digits.length >= 15 ? numText(Number(m)) : m;
          }),
    )
    .join('');
}
