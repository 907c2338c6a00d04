// How SES account facts read on screen: quotas, enforcement, the console link.
// One place for the Columns screen's card and the Review screen's facts.

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "50,000 per 24 hours" or "Unlimited" (SES answers -1). */
export function quotaText(max24HourSend: number): string {
  return max24HourSend < 0 ? 'Unlimited' : `${count.format(max24HourSend)} per 24 hours`;
}

/** "1,234 sent · 48,766 left" (or just the sent count when unlimited). */
export function sentText(max24HourSend: number, sentLast24Hours: number): string {
  const sent = `${count.format(sentLast24Hours)} sent`;
  return max24HourSend < 0 ? sent : `${sent} · ${count.format(Math.max(0, max24HourSend - sentLast24Hours))} left`;
}

export function rateText(maxSendRate: number): string {
  return `${rate.format(maxSendRate)} ${maxSendRate === 1 ? 'message' : 'messages'} per second`;
}

const ENFORCEMENT: Record<string, string> = {
  HEALTHY: 'Healthy',
  PROBATION: 'Probation: under review',
  SHUTDOWN: 'Shut down: sending stopped',
};

export function enforcementText(status: string): string {
  return ENFORCEMENT[status] ?? status;
}

/** The SES console's account dashboard for a region, where production access is requested (allowlisted origin). */
export function accountDashboardUrl(region: string): string {
  return `https://console.aws.amazon.com/ses/home?region=${encodeURIComponent(region)}#/account`;
}
