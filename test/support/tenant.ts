/** The region's Microsoft 365 tenant: every activity the harness sends carries it, and the bot admits only it. */
export const TENANT_ID = 'tenant-1';
