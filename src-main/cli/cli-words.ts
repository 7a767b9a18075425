// Validation messages in the CLI's words (issue 13): a ParamError raised by a shared zod schema or
// range check names the parameter object's key (`gammaFraction`, `dgrid.0`, `vary.vRatio`) and may
// carry zod's wording ("Too small: expected number to be >1"). The CLI reports the flag as the user
// typed it (`--gamma-fraction`, `--dgrid (value 1)`, `--vary v-ratio`) and the rule in plain words
// ("must be > 1"). Flags are the command's own options (args.ts activeFlags: the specs of the last
// parse); a key is camelCase → kebab-case (vRatio → v-ratio), which is how every command names its
// flags. Keys without a flag stay as they are.
import { ParamError } from '../../src-shared/params/errors';

/** camelCase key → kebab-case flag word */
export const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** the flag naming a ParamError's parameter for a command with these options (without the leading --) */
export function flagOf(param: string, flags: readonly string[]): string {
  if (param.startsWith('--')) {
    // "--vary vRatio" (study.ts flagError): the key in flag words
    const m = /^--(vary|reference) (\S+)$/.exec(param);
    return m ? `--${m[1]} ${kebab(m[2]!)}` : param;
  }
  const bare = param.replace(/^params\./, '');
  const [head, sub] = bare.split('.');
  if ((head === 'vary' || head === 'reference') && sub && flags.includes(head)) return `--${head} ${kebab(sub)}`;
  const f = kebab(head!);
  if (!flags.includes(f)) return param;
  return `--${f}` + (sub !== undefined && /^\d+$/.test(sub) ? ` (value ${Number(sub) + 1})` : '');
}

const REL: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };

/** zod's phrases and camelCase keys rewritten in the CLI's words */
export function rewordMessage(msg: string, flags: readonly string[]): string {
  let m = msg
    .replace(/Too (?:small|big): expected (?:number|int|bigint) to be (>=|<=|>|<)\s*(\S+)/g, (_s, rel: string, n: string) => `must be ${REL[rel]} ${n}`)
    .replace(/Too small: expected array to have >=?\s*(\d+) items?/g, 'give at least $1 values')
    .replace(/Too big: expected array to have <=?\s*(\d+) items?/g, 'give at most $1 values')
    .replace(/Too small: expected string to have >=?\s*(\d+) characters?/g, 'must have at least $1 characters')
    .replace(/Too big: expected string to have <=?\s*(\d+) characters?/g, 'must have at most $1 characters')
    .replace(/Invalid input: expected int, received number/g, 'must be an integer')
    .replace(/Invalid input: expected (\w+), received (\w+)/g, (_s, a: string, b: string) => `must be ${/^[aeiou]/.test(a) ? 'an' : 'a'} ${a === 'int' ? 'integer' : a === 'string' ? 'text' : a} (got ${b === 'string' ? 'text' : b === 'NaN' ? 'not a number' : b})`)
    .replace(/Invalid option: expected one of (.+)$/g, (_s, list: string) => `must be one of ${list.replace(/"/g, '').split('|').join(', ')}`)
    .replace(/Unrecognized keys?: (.+)$/g, (_s, keys: string) => `unknown option ${keys.replace(/"/g, '')}`);
  // keys in the text ("vRatio=1", "gammaFraction") in flag words when the command has that flag
  m = m.replace(/\b([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+)\b/g, (w) => (flags.includes(kebab(w)) ? kebab(w) : w));
  return m;
}

/** a ParamError in the CLI's words (flag and message); other errors unchanged */
export function inCliWords(e: ParamError, flags: readonly string[]): ParamError {
  const detail = e.message.startsWith(e.param + ': ') ? e.message.slice(e.param.length + 2) : e.message;
  return new ParamError(flagOf(e.param, flags), rewordMessage(detail, flags));
}
