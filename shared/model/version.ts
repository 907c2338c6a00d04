// The version written into report.json and plan.json (and printed by --version), so
// each file says which rules made it.
export const VERSION = '0.1.0';
