// The renderer's Content Security Policy. The main process sends it as a header
// on every app:// response (protocol.ts) and the renderer's index.html carries
// the same string in a <meta http-equiv="Content-Security-Policy"> tag, so the
// page is covered even if it is ever loaded some other way. The Chromium UI
// harness sends it as a header too.
//
// Nothing remote, nothing inline, no eval: scripts, styles, images and fonts
// come only from the app's own origin. (React's style={…} props set CSSOM
// properties, which style-src does not restrict; a <style> tag or a
// style="" attribute in markup would be blocked.)
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "worker-src 'none'",
].join('; ');
