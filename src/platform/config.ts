import { z } from 'zod/v4';

/**
 * Every setting the bot reads from its environment. Documented in README.md and .env.example;
 * a bad value stops the start with one line naming the variable (see ConfigError).
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const idList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  );

/** Microsoft 365 tenant ids whose people may use the bot, or `*` for every tenant (said out loud: it logs a warning). */
const tenantList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .refine((ids) => !ids.includes('*') || ids.length === 1, { message: 'must be tenant ids or * alone' })
  .refine((ids) => ids.every((id) => id === '*' || /^[A-Za-z0-9-]{1,64}$/.test(id)), {
    message: 'must be comma-separated tenant ids (letters, digits and hyphens)',
  })
  .transform((ids): string[] | '*' => (ids[0] === '*' ? '*' : ids));

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MICROSOFT_APP_TENANT_ID: optionalText,
  ALLOWED_TENANT_IDS: tenantList,
  COSMOS_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  COSMOS_KEY: optionalText.refine((key) => key === undefined || /^[A-Za-z0-9+/]{40,}={0,2}$/.test(key), {
    message: 'must be the account key (base64), or empty for Microsoft Entra ID',
  }),
  COSMOS_DATABASE: z.string().trim().min(1).default('fokusgrupper'),
  PROGRAMME_CREATOR_IDS: idList,
  SEED_COORDINATOR_IDS: idList,
  // The board (a Teams tab) signs people in; ALLOWED_TENANT_IDS above also says whose tokens it takes.
  BOARD_CLIENT_ID: optionalText,
  BOARD_JWKS_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  LOCAL_DATA_DIR: z.string().trim().min(1).default('.local'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  VOTE_ANONYMITY_KEY: z.string().trim().min(32, { message: 'must be at least 32 characters' }).optional(),
  SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  // The outbox: what the bot sends on its own (announcements, reminders, card updates).
  OUTBOX_TENANT_RATE: z.coerce.number().positive().max(50).default(30),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(1).default(500),
  OUTBOX_SEND_TIMEOUT_SECONDS: z.coerce.number().positive().default(15),
  OUTBOX_LEASE_SECONDS: z.coerce.number().positive().default(60),
  // Outputs: videos in Blob Storage, reminders before due dates.
  STORAGE_CONNECTION_STRING: optionalText.refine(
    (value) =>
      value === undefined ||
      value === 'UseDevelopmentStorage=true' ||
      /(^|;)(AccountKey|SharedAccessSignature)=/.test(value),
    { message: 'must be a storage connection string with AccountKey or SharedAccessSignature' },
  ),
  STORAGE_ACCOUNT_URL: z.url({ protocol: /^https?$/ }).optional(),
  STORAGE_CONTAINER: z
    .string()
    .trim()
    .regex(/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, {
      message: 'must be 3-63 lower-case letters, digits and single hyphens',
    })
    .default('outputs'),
  VIDEO_MAX_MB: z.coerce.number().positive().max(100_000).default(500),
  OUTPUT_REMINDER_DAYS: z
    .string()
    .default('14,3')
    .refine((value) => value.split(',').every((day) => day.trim() === '' || /^\d{1,3}$/.test(day.trim())), {
      message: 'must be whole days before the due date, e.g. 14,3',
    })
    .transform((value) =>
      [
        ...new Set(
          value
            .split(',')
            .map((day) => day.trim())
            .filter(Boolean)
            .map(Number),
        ),
      ].sort((a, b) => b - a),
    ),
});

export type Config = {
  port: number;
  logLevel: string;
  bot: { appId?: string; appPassword?: string; appType: string; tenantId?: string };
  /**
   * Microsoft 365 tenants whose people the bot serves, or '*' for any: checked at the door on every activity, and
   * by the board's sign-in. Empty admits nobody: the production entry refuses to start that way.
   */
  allowedTenantIds: string[] | '*';
  cosmos: { endpoint?: string; key?: string; database: string };
  /** Entra object ids allowed to create programmes; empty means anyone in the tenant. */
  programmeCreatorIds: string[];
  /** Coordinators of the example programme seeded into an empty store. */
  seedCoordinatorIds: string[];
  localDataDir: string;
  board: {
    /** The Entra app registration the tab's single sign-on token is issued for (its audience). */
    clientId?: string;
    /** Where Entra ID publishes its signing keys. */
    jwksUrl: string;
  };
  /** Where people's browsers reach the bot (calendar links); defaults to this machine. */
  publicBaseUrl: string;
  /** HMAC key for anonymous votes; kept out of the database so a stored vote cannot be traced to a person. */
  voteAnonymityKey?: string;
  /** How often timed work (poll deadlines, reminders) is looked for; 0 turns the timer off (tests tick by hand). */
  schedulerIntervalSeconds: number;
  /** Application Insights; without it no telemetry is loaded or sent. */
  telemetry: { connectionString?: string };
  /** Days after a programme's presentation day after which its personal data is erased or anonymised. */
  retentionDays: number;
  outbox: {
    /** Requests a second this instance sends to Teams (Teams allows about 30-50 per app and tenant). */
    tenantRatePerSecond: number;
    /** Attempts before a message fails for good, and the first backoff (doubled each time, with jitter). */
    maxAttempts: number;
    retryBaseMs: number;
    /** How long one request to Teams may take, and how long a claim holds a message before another instance may. */
    sendTimeoutMs: number;
    leaseMs: number;
  };
  /** Blob Storage for output files (videos): a connection string, or an account URL reached with Entra ID. */
  storage: { connectionString?: string; accountUrl?: string; container: string };
  outputs: {
    /** Largest video file taken, in bytes. */
    videoMaxBytes: number;
    /** Days before an output's due date on which its group is reminded while it is not submitted, largest first. */
    reminderDays: number[];
  };
};

export class ConfigError extends Error {}

/** Variables whose values are secrets: never repeated in an error or a log line (see logger.ts). */
export const SECRET_VARIABLES = [
  'VOTE_ANONYMITY_KEY',
  'MICROSOFT_APP_PASSWORD',
  'COSMOS_KEY',
  'STORAGE_CONNECTION_STRING',
  // Its instrumentation key lets anyone write into the region's telemetry.
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
] as const;

/** The secret values in an environment, for the logger to blank out wherever they might turn up. */
export function secretValues(environment: NodeJS.ProcessEnv = process.env): string[] {
  return SECRET_VARIABLES.map((variable) => environment[variable]?.trim() ?? '').filter((value) => value.length >= 4);
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(
      `Configuration error: ${variable} ${issue.message.toLowerCase()}${shownValue(variable, environment[variable])}`,
    );
  }
  const env = parsed.data;
  if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) {
    throw new ConfigError('Configuration error: MICROSOFT_APP_PASSWORD is required when MICROSOFT_APP_ID is set');
  }
  if (env.MICROSOFT_APP_TYPE === 'UserAssignedMSI' && env.MICROSOFT_APP_PASSWORD) {
    throw new ConfigError(
      'Configuration error: MICROSOFT_APP_PASSWORD must be empty with MICROSOFT_APP_TYPE=UserAssignedMSI (the managed identity signs in)',
    );
  }
  if (env.MICROSOFT_APP_ID && env.MICROSOFT_APP_TYPE !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
    throw new ConfigError(
      `Configuration error: MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE is ${env.MICROSOFT_APP_TYPE}`,
    );
  }
  if (env.STORAGE_CONNECTION_STRING && env.STORAGE_ACCOUNT_URL) {
    throw new ConfigError('Configuration error: set STORAGE_CONNECTION_STRING or STORAGE_ACCOUNT_URL, not both');
  }
  return {
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    bot: {
      appId: env.MICROSOFT_APP_ID,
      appPassword: env.MICROSOFT_APP_PASSWORD,
      appType: env.MICROSOFT_APP_TYPE,
      tenantId: env.MICROSOFT_APP_TENANT_ID,
    },
    allowedTenantIds: env.ALLOWED_TENANT_IDS,
    cosmos: { endpoint: env.COSMOS_ENDPOINT, key: env.COSMOS_KEY, database: env.COSMOS_DATABASE },
    programmeCreatorIds: env.PROGRAMME_CREATOR_IDS,
    seedCoordinatorIds: env.SEED_COORDINATOR_IDS,
    localDataDir: env.LOCAL_DATA_DIR,
    board: { clientId: env.BOARD_CLIENT_ID ?? env.MICROSOFT_APP_ID, jwksUrl: env.BOARD_JWKS_URL },
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    voteAnonymityKey: env.VOTE_ANONYMITY_KEY,
    schedulerIntervalSeconds: env.SCHEDULER_INTERVAL_SECONDS,
    telemetry: { connectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING },
    retentionDays: env.RETENTION_DAYS,
    outbox: {
      tenantRatePerSecond: env.OUTBOX_TENANT_RATE,
      maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
      retryBaseMs: env.OUTBOX_RETRY_BASE_MS,
      sendTimeoutMs: Math.round(env.OUTBOX_SEND_TIMEOUT_SECONDS * 1000),
      leaseMs: Math.round(env.OUTBOX_LEASE_SECONDS * 1000),
    },
    storage: {
      connectionString: env.STORAGE_CONNECTION_STRING,
      accountUrl: env.STORAGE_ACCOUNT_URL?.replace(/\/+$/, ''),
      container: env.STORAGE_CONTAINER,
    },
    outputs: { videoMaxBytes: Math.round(env.VIDEO_MAX_MB * 1024 * 1024), reminderDays: env.OUTPUT_REMINDER_DAYS },
  };
}

/**
 * The bad value, so the person starting the bot sees what they typed: never for a secret, and an address without
 * its query or user part (a SAS token or a password can hide there).
 */
function shownValue(variable: string, value: string | undefined): string {
  if (value === undefined || (SECRET_VARIABLES as readonly string[]).includes(variable)) return '';
  const withoutSecrets = value.replace(/\?.*$/s, '').replace(/\/\/[^/@]*@/, '//');
  return ` (got "${withoutSecrets}")`;
}
