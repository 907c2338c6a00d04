// Search text folded for matching: lower case and without accents ("Lefèvre", "LEFEVRE"
// and "lefevre" are the same), one code unit for one code unit, so a match found in the
// folded text is at the same place in the text as written (the table highlights it there).
// Text is put in NFC first, so "e" + a combining accent is one character, as typed.

let table: Uint16Array | null = null;

/** Letters with no decomposition that people still type without their mark. */
const EXTRA: Record<string, string> = { ø: 'o', đ: 'd', ł: 'l', ħ: 'h', ı: 'i', ŧ: 't', ð: 'd', ŀ: 'l' };

function foldTable(): Uint16Array {
  if (table) return table;
  const built = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    built[code] = code;
    if (code < 0x80) {
      if (code >= 0x41 && code <= 0x5a) built[code] = code + 0x20;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCharCode(code);
    const base = char.normalize('NFD').charAt(0);
    const lower = base.toLowerCase();
    const one = lower.length === 1 ? lower : base;
    built[code] = (EXTRA[one] ?? one).charCodeAt(0);
  }
  table = built;
  return built;
}

/** `text` folded, the same length as `text` (which should be NFC: see toNfc). */
export function fold(text: string): string {
  const map = foldTable();
  let out = '';
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (map[code] !== code) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  const CHUNK = 8192;
  const codes = new Uint16Array(Math.min(CHUNK, text.length));
  for (let start = 0; start < text.length; start += CHUNK) {
    const end = Math.min(text.length, start + CHUNK);
    for (let i = start; i < end; i++) codes[i - start] = map[text.charCodeAt(i)]!;
    out += String.fromCharCode(...codes.subarray(0, end - start));
  }
  return out;
}

/** NFC, skipping the work for plain ASCII (nearly every cell). */
export function toNfc(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return text.normalize('NFC');
  return text;
}

/** What a person typed in the search box, as the folded text is searched for. */
export function searchKey(text: string): string {
  return fold(toNfc(text.trim()));
}
