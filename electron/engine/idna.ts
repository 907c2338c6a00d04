// Runs in the engine (worker thread or CLI process). IDNA to ASCII for the address
// rules (shared/address/analyzer.ts takes it as `toAscii`): Node's url.domainToASCII,
// with A-labels checked the same way on every Node. Node 20 and 22 refuse a label
// like `xn--0` that does not decode to a real U-label ('' back); Node 24's URL
// parser (ada) hands it back unchanged, measured on 24.22.3, so `x@xn--0.de` passed
// the syntax check there. An `xn--` label is kept only when it decodes to something
// other than itself and encodes back to exactly itself (RFC 5891 §5.4's round trip).
import { domainToASCII, domainToUnicode } from 'node:url';

/** The ASCII form of `domain`, or '' when it cannot be encoded or holds a false A-label. */
export function domainToAsciiChecked(domain: string): string {
  const ascii = domainToASCII(domain);
  if (!ascii || !ascii.includes('xn--')) return ascii;
  for (const label of ascii.split('.')) {
    if (!label.startsWith('xn--')) continue;
    const unicode = domainToUnicode(label);
    if (!unicode || unicode === label || domainToASCII(unicode) !== label) return '';
  }
  return ascii;
}
