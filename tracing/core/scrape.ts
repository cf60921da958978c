/** How Prometheus reads the components' metrics, which the alerts' waiting times build on. */

/** How often a ServiceMonitor, PodMonitor or the paste-in job scrapes (what an alert on a scrape waits for, at least). */
export const SCRAPE_INTERVAL_SECONDS = 30;
