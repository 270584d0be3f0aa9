/**
 * Passwords people choose first, refused whatever their character classes (issue 14:
 * `Password1` passed the class rule). No maintained list is in node_modules, so this
 * is a small curated one written for the platform: the stems that top every published
 * leak ranking, keyboard walks, the usual Chinese pinyin choices and this platform's
 * own words. A password is refused when, lower-cased, with look-alike symbols read as
 * letters (P@ssw0rd → password) and digits and symbols at either end taken off, what
 * is left is one of these stems (so `Password1`, `P@ssw0rd!`, `Admin@2026`,
 * `Woaini1314!` all fail), or when the whole is a keyboard walk like `1qaz@WSX`.
 */
const STEMS = `
password passwd pass word passw0rd admin administrator root user guest test tester demo default system sysadmin
manager master super superman batman spiderman login welcome hello hello world letmein trustno changeme secret
private access monkey dragon shadow sunshine princess football baseball soccer basketball hockey michael jordan
charlie ashley jessica jennifer daniel thomas george andrew joshua matthew robert william summer winter spring autumn
freedom whatever iloveyou loveyou lovely love angel baby babygirl cookie chocolate cheese banana apple orange
flower purple yellow silver golden diamond starwars pokemon computer internet google facebook twitter
qwerty qwertyuiop asdf asdfgh asdfghjkl zxcv zxcvbnm qazwsx qwer qwert azerty abc abcd abcde abcdef abcdefg abcdefgh
iloveu mustang ferrari porsche corvette harley killer hunter ranger soldier tigger ginger pepper buster maggie
office company business china beijing shanghai guangzhou shenzhen
woaini woaiwojia aini wojiushiwo zhongguo zhonghua nihao wangyi baidu taobao tencent qq weixin
zhang wang li liu chen yang huang zhao zhou wu xu sun ma zhu hu guo lin he gao luo
gongkai zhengfu xinxi gongkaixinxi xxgk zfxxgk gov government
`.trim().split(/\s+/);

const STEM_SET = new Set(STEMS);

/** Rows of a US/Chinese keyboard, for walks such as `1qaz2wsx` or `qwer1234`. */
const WALKS = ['1qaz2wsx3edc4rfv', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', '0987654321', 'qazwsxedc', 'zaq1xsw2cde3', '!qaz@wsx#edc', '1qaz@wsx#edc$rfv'];

const LOOK_ALIKES: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't', '8': 'b', '9': 'g', '+': 't' };

function unfold(s: string): string {
  return [...s].map((c) => LOOK_ALIKES[c] ?? c).join('');
}

function isWalk(lower: string): boolean {
  const letters = lower.replace(/[^a-z0-9!@#]/g, '');
  if (letters.length < 6) return false;
  return WALKS.some((w) => w.includes(letters)) || /^(?:1qaz2wsx|qwer1234|1234qwer|asdf1234|qaz123|zaq12wsx)/.test(letters);
}

/** True for a password built on one of the most common choices. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (isWalk(lower)) return true;
  // Digits and symbols at the ends are the usual padding: `Password1!`, `!!admin2026`.
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (core.length < 2) return true;
  if (STEM_SET.has(core)) return true;
  // Look-alikes inside the word: `p@ssw0rd`, `adm1n` (padding taken off after reading them).
  const unfolded = unfold(lower.replace(/^[^a-z]+/, '')).replace(/[^a-z]+$/g, '');
  const unfoldedCore = unfold(core);
  if (STEM_SET.has(unfolded) || STEM_SET.has(unfoldedCore)) return true;
  // Two stems run together (`adminadmin`, `iloveyouchina`) or a stem twice.
  for (let i = 2; i < unfoldedCore.length - 1; i++) {
    if (STEM_SET.has(unfoldedCore.slice(0, i)) && STEM_SET.has(unfoldedCore.slice(i))) return true;
  }
  return false;
}
