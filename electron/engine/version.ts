// The version written into report.json, so a report says which rules made it.
export const VERSION = '0.1.0';
