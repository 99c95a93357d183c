// Amounts as the UI rounds them for a glance, written out here on their own so a browser
// test can tell a wrong rounding from a right one: Chinese in 万 / 亿 (one decimal), English
// in K / M / B (three significant digits), computed in whole fen from the API's string.

const FEN = 100n;
const STEPS = {
  'zh-CN': [
    [10n ** 12n, '万亿'],
    [10n ** 8n, '亿'],
    [10n ** 4n, '万'],
  ],
  'en-US': [
    [10n ** 12n, 'T'],
    [10n ** 9n, 'B'],
    [10n ** 6n, 'M'],
    [10n ** 3n, 'K'],
  ],
};

function toFen(amount) {
  const negative = amount.startsWith('-');
  const [whole, cents = ''] = amount.replace(/^[-+]/, '').split('.');
  const fen = BigInt(whole || '0') * FEN + BigInt(`${cents}00`.slice(0, 2));
  return negative ? -fen : fen;
}

function rounded(fen, unit, places) {
  const scale = 10n ** BigInt(places);
  const digits = (fen * scale * 2n + unit) / (2n * unit);
  const text = digits.toString().padStart(places + 1, '0');
  const whole = text.slice(0, text.length - places);
  const fraction = text.slice(text.length - places).replace(/0+$/, '');
  return { digits, text: fraction ? `${whole}.${fraction}` : whole };
}

/** "¥897.7万" / "¥8.98M" for `{ amount: "8977000.00", currency: "CNY" }`; null below 1万 / 1K. */
export function compactYuan(money, language) {
  const fen = toFen(money.amount);
  const abs = fen < 0n ? -fen : fen;
  const sign = fen < 0n ? '-' : '';
  const steps = STEPS[language];
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    const unit = steps[i][0] * FEN;
    const larger = i > 0 ? steps[i - 1][0] * FEN : null;
    if (abs < unit || (larger && abs >= larger)) continue;
    const places = language === 'zh-CN' ? 1 : Math.max(0, 3 - (abs / unit).toString().length);
    const here = rounded(abs, unit, places);
    if (larger && here.digits * unit >= larger * 10n ** BigInt(places)) {
      return `${sign}¥${rounded(abs, larger, language === 'zh-CN' ? 1 : 2).text}${steps[i - 1][1]}`;
    }
    return `${sign}¥${here.text}${steps[i][1]}`;
  }
  return null;
}
