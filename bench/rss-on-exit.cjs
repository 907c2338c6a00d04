// Preloaded into a measured process (node -r): prints its peak RSS on exit.
process.on('exit', () => {
  require('node:fs').writeSync(2, `\n__PEAK_RSS_KB__ ${process.resourceUsage().maxRSS}\n`);
});
