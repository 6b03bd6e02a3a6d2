/**
 * Numbers as jq 1.6 prints them (its `jvp_dtoa_fmt`): the shortest digits that round-trip,
 * written plainly unless the decimal point would sit 4 or more places left of the first
 * digit, or more than 15 places right of the last one; then exponential with a signed,
 * at-least-two-digit exponent. So 1e17 prints as `1e+17`, 0.00001 as `1e-05`,
 * 123456789012345678 as `123456789012345680`. Firehose's partition keys come from jq 1.6,
 * so a numeric key must be spelled this way to land in the same prefix.
 */
export function formatJq16Number(value: number): string {
  if (Number.isNaN(value)) return 'null';
  // jq 1.6 clamps infinities to the largest finite double when printing.
  if (value === Infinity) value = Number.MAX_VALUE;
  if (value === -Infinity) value = -Number.MAX_VALUE;
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';

  const sign = value < 0 ? '-' : '';
  // toExponential() with no argument yields the shortest round-trip digits, like dtoa mode 0.
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponentText) + 1; // position of the decimal point relative to digits

  if (decpt <= -4 || decpt > digits.length + 15) {
    const exponent = decpt - 1;
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/**
 * Whether a JSON text (as produced by JSON.stringify) may hold a number that jq 1.7 — the jq
 * inside jq-web — would print differently from jq 1.6. jq 1.7 keeps the literal text of an
 * unmodified input number ("1E+17"), while 1.6 reformats it ("1e+17"); the two agree for
 * plain numbers, so only exponent forms, long integer runs and tiny fractions are suspect.
 * False positives only cost a little speed (the record's numbers get normalised inside jq).
 */
export function mayNeedJq16Numbers(json: string): boolean {
  return SUSPECT_NUMBER.test(json);
}

const SUSPECT_NUMBER = /(?:^|[:,[])-?(?:\d{17}|0\.0000|\d+(?:\.\d+)?e)/;
