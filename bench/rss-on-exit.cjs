// Preloaded into a measured process (node -r): prints its peak RSS and CPU time on exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  require('node:fs').writeSync(2, `\n__PEAK_RSS_KB__ ${usage.maxRSS}\n__CPU_US__ ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
