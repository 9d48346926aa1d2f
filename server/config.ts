/**
 * Every setting of the service, read once from the environment and validated with zod.
 * Defaults work out of the box on one machine; README.md lists every variable.
 * Items DOMAIN.md marks **configurable** live here with their Chongqing defaults.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** Column keys of the bank payment file (BANK_FILE_COLUMNS, README "Settings"). */
export const BANK_FILE_COLUMN_KEYS = [
  'seq',
  'account',
  'holder',
  'amount',
  'bank',
  'street',
  'household',
  'month',
] as const;
const bankFileColumns = z
  .string()
  .transform((v) => v.split(',').map((c) => c.trim()))
  .pipe(
    z
      .array(
        z.enum(BANK_FILE_COLUMN_KEYS, {
          error: `BANK_FILE_COLUMNS 只能含 ${BANK_FILE_COLUMN_KEYS.join(', ')}`,
        }),
      )
      .min(1),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where embedded PostgreSQL, the archive store and other state live. */
  DATA_DIR: z.string().default('./data'),

  /** Use this PostgreSQL server; when unset, an embedded PostgreSQL is started under DATA_DIR/postgres. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL 必须以 postgresql:// 开头')
    .optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),

  /** Password for the demo users seeded on an empty database (never in production). */
  DEMO_PASSWORD: z.string().min(8, 'DEMO_PASSWORD 至少 8 位').optional(),
  SEED_DEMO: bool(true),

  /** Workflow engine: the embedded one (default) or Camunda 8.8 at CAMUNDA_REST_ADDRESS. */
  ENGINE: z.enum(['embedded', 'camunda']).default('embedded'),
  ENGINE_HOST: z.string().default('127.0.0.1'),
  ENGINE_PORT: z.coerce.number().int().min(0).max(65535).default(8089),
  ENGINE_USER: z.string().default('engine'),
  /** Basic-auth password of the embedded engine; generated and kept under DATA_DIR when unset. */
  ENGINE_PASSWORD: z.string().min(8).optional(),
  CAMUNDA_REST_ADDRESS: z.string().url().optional(),
  /** How often, and after how long, a case whose process start was cut off (crash) is started again. */
  CASE_START_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How often the case list's 当前步骤 is brought up to date from the engine (step projector). */
  CASE_STEP_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),

  // ---- sign-in and sessions ----
  /** A session ends after this many minutes without a request. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** A session ends this many hours after sign-in, however active. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  /** Failed sign-ins in a row before an account is locked. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** How long a locked account stays locked (an administrator may unlock it sooner). */
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Failed sign-ins from one client address per window before that address must wait. */
  LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
  LOGIN_IP_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  // ---- official documents and the archive (server/documents) ----
  /** Content-addressed archive store; default DATA_DIR/archive. */
  ARCHIVE_DIR: z.string().optional(),
  /** Prepared document fonts (scripts/setup.sh); default ~/.cache/jiuzhu/fonts (XDG_CACHE_HOME). */
  DOCUMENT_FONT_DIR: z.string().optional(),
  /** Chromium pages rendering at the same time (more than 2 gains nothing on 2 cores). */
  DOCUMENT_PAGES: z.coerce.number().int().min(1).max(16).default(2),
  /** Limit for one document; the browser is relaunched when it is exceeded. */
  DOCUMENT_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(120_000),
  /** Relaunch Chromium after this many documents. */
  DOCUMENT_RECYCLE_AFTER: z.coerce.number().int().min(1).default(300),
  /** Relaunch Chromium when its processes use more than this (MB resident). */
  DOCUMENT_MAX_RSS_MB: z.coerce.number().int().min(256).default(2048),
  /**
   * 委托书 addressee: the district's 核查认定中心 (57号 §17); `{district}` becomes e.g. 重庆市渝北区.
   * No table holds the centre's name yet.
   */
  DOCUMENT_VERIFICATION_AGENCY: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .default('{district}社会救助家庭经济状况核查认定中心'),
  /** What the 委托书 asks the centre to check (57号 §17: income and property), comma-separated. */
  DOCUMENT_VERIFICATION_ITEMS: z
    .string()
    .default(
      '工资性收入,经营净收入,财产净收入,转移净收入,房产,机动车辆,银行存款,有价证券,工商登记,社会保险缴费',
    )
    .transform((v) =>
      v
        .split(/[,，]/)
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(60)).min(1, 'DOCUMENT_VERIFICATION_ITEMS 至少一项')),

  // ---- 低保 procedure (DOMAIN.md; configurable, Chongqing defaults) ----
  /** 群众评议 step: Chongqing 条例 §18 requires it; national rules only on dispute. */
  DIBAO_COMMUNITY_ASSESSMENT: bool(true),
  /** 审核确认 delegated to the 街道 (57号 §20 allows delegation). */
  DIBAO_DECISION_DELEGATED: bool(false),
  /** Whole-case deadline in working days from acceptance: Chongqing 25 (national 30, delegated 20). */
  DIBAO_DEADLINE_WORKING_DAYS: z.coerce.number().int().min(1).max(120).default(25),
  /** Extended deadline for special reasons: Chongqing 40 (national 45). */
  DIBAO_DEADLINE_EXTENDED_WORKING_DAYS: z.coerce.number().int().min(1).max(180).default(40),
  /** First paid month: Chongqing 条例 "from the month of approval" (same) or national "next". */
  DIBAO_START_MONTH: z.enum(['same', 'next']).default('same'),
  /** How 补差 is rounded to the yuan (DOMAIN.md "Money"). */
  AMOUNT_ROUNDING: z.enum(['half-up', 'up', 'down']).default('half-up'),
  /**
   * Working days in a year whose holiday schedule is neither in `chinese-days` nor entered by an
   * administrator: count Monday–Friday and mark deadlines 暂定 (weekdays), or refuse (fail).
   */
  HOLIDAY_UNKNOWN_YEAR: z.enum(['weekdays', 'fail']).default('weekdays'),
  /** 低保 property limits (configurable; Chongqing values unpublished, these defaults are assumptions). */
  DIBAO_MAX_FINANCIAL_ASSETS_MONTHS: z.coerce.number().min(0).max(120).default(24),
  DIBAO_MAX_MOTOR_VEHICLES: z.coerce.number().int().min(0).max(10).default(0),
  DIBAO_MAX_HOUSES: z.coerce.number().int().min(0).max(10).default(1),
  /** Working days to accept an application or list every missing material (一次性告知). */
  ACCEPTANCE_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(5),

  // ---- 特困 (民发〔2021〕43号) ----
  /** Share of 特困 files the district spot-checks; 43号 requires at least 30 %. */
  TEKUN_SPOT_CHECK_RATE: z.coerce
    .number()
    .min(0.3, 'TEKUN_SPOT_CHECK_RATE 不得低于 0.3（43号：抽查比例不低于 30%）')
    .max(1)
    .default(0.3),
  /**
   * Secret of the spot-check draw (server/domain/spot-check.ts); unset = generated once and kept in
   * DATA_DIR/spot-check.seed. Give every node the same value when several run.
   */
  TEKUN_SPOT_CHECK_SEED: z.string().min(16, 'TEKUN_SPOT_CHECK_SEED 至少 16 个字符').optional(),

  // ---- 临时救助 ----
  /** 急难型 先行救助 cap in months of the local 低保标准 (2026 national rule: at most 1). */
  LINSHI_URGENT_CAP_MONTHS: z.coerce.number().positive().max(12).default(1),
  /** Working days after 先行救助 to complete the papers. */
  LINSHI_SUPPLEMENT_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),

  // ---- 发放 and 动态管理 (条例 §22, §26) ----
  /** Day of the month (09:00 China time) the timer start event opens every district's monthly run. */
  DISBURSEMENT_RUN_DAY: z.coerce
    .number()
    .int()
    .min(1, 'DISBURSEMENT_RUN_DAY 应为 1–28')
    .max(28, 'DISBURSEMENT_RUN_DAY 应为 1–28')
    .default(5),
  /** Columns of the bank payment file, in order (see README for the keys). */
  BANK_FILE_COLUMNS: bankFileColumns.default(['seq', 'account', 'holder', 'amount']),
  /** First line of the bank payment file names the columns. */
  BANK_FILE_HEADER: bool(true),
  /** How many months back a run looks for back-pay owed (retroactive standards, late grants). */
  DISBURSEMENT_BACKPAY_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
});

export type Config = ReturnType<typeof loadConfig>;

/** Parses the environment once; throws a zh-CN message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误（环境变量）：\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir,
    database: {
      url: e.DATABASE_URL,
      embedded: { dir: path.join(dataDir, 'postgres'), port: e.EMBEDDED_PG_PORT },
    },
    demo: { seed: e.SEED_DEMO && e.NODE_ENV !== 'production', password: e.DEMO_PASSWORD },
    engine: {
      kind: e.ENGINE,
      host: e.ENGINE_HOST,
      port: e.ENGINE_PORT,
      user: e.ENGINE_USER,
      password: e.ENGINE_PASSWORD,
      camundaRestAddress: e.CAMUNDA_REST_ADDRESS,
    },
    dibao: {
      communityAssessment: e.DIBAO_COMMUNITY_ASSESSMENT,
      decisionDelegated: e.DIBAO_DECISION_DELEGATED,
      deadlineWorkingDays: e.DIBAO_DEADLINE_WORKING_DAYS,
      deadlineExtendedWorkingDays: e.DIBAO_DEADLINE_EXTENDED_WORKING_DAYS,
      startMonth: e.DIBAO_START_MONTH,
    },
    caseStartRetrySeconds: e.CASE_START_RETRY_SECONDS,
    caseStepRefreshSeconds: e.CASE_STEP_REFRESH_SECONDS,
    amountRounding: e.AMOUNT_ROUNDING,
    holidayUnknownYear: e.HOLIDAY_UNKNOWN_YEAR,
    disbursement: {
      runDay: e.DISBURSEMENT_RUN_DAY,
      bankFileColumns: e.BANK_FILE_COLUMNS,
      bankFileHeader: e.BANK_FILE_HEADER,
      backPayMonths: e.DISBURSEMENT_BACKPAY_MONTHS,
    },
    auth: {
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      sessionMaxHours: e.SESSION_MAX_HOURS,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockMinutes: e.LOGIN_LOCK_MINUTES,
      loginIpMaxFailures: e.LOGIN_IP_MAX_FAILURES,
      loginIpWindowMinutes: e.LOGIN_IP_WINDOW_MINUTES,
    },
    dibaoProperty: {
      maxFinancialAssetsMonths: e.DIBAO_MAX_FINANCIAL_ASSETS_MONTHS,
      maxMotorVehicles: e.DIBAO_MAX_MOTOR_VEHICLES,
      maxHouses: e.DIBAO_MAX_HOUSES,
    },
    acceptanceWorkingDays: e.ACCEPTANCE_WORKING_DAYS,
    tekun: { spotCheckRate: e.TEKUN_SPOT_CHECK_RATE, spotCheckSeed: e.TEKUN_SPOT_CHECK_SEED },
    linshi: {
      urgentCapMonths: e.LINSHI_URGENT_CAP_MONTHS,
      urgentSupplementWorkingDays: e.LINSHI_SUPPLEMENT_WORKING_DAYS,
    },
    documents: {
      archiveDir: e.ARCHIVE_DIR ? path.resolve(e.ARCHIVE_DIR) : path.join(dataDir, 'archive'),
      fontDir: e.DOCUMENT_FONT_DIR ? path.resolve(e.DOCUMENT_FONT_DIR) : undefined,
      pages: e.DOCUMENT_PAGES,
      timeoutMs: e.DOCUMENT_TIMEOUT_MS,
      recycleAfter: e.DOCUMENT_RECYCLE_AFTER,
      maxRssMb: e.DOCUMENT_MAX_RSS_MB,
      verificationAgency: e.DOCUMENT_VERIFICATION_AGENCY,
      verificationItems: e.DOCUMENT_VERIFICATION_ITEMS,
    },
  };
}
