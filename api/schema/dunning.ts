// Dunning: the levels (per entity, or the defaults) and the runs that propose or send letters.
import { builder } from '../builder.js';
import { DUNNING_TEMPLATE_VARIABLES } from '../domain/collections/dunning.js';
import { toPayload } from '../errors.js';
import { moneyTextOrNull } from '../read/values.js';
import { dunningLevels, runDunning, setDunningLevels, type DunningLetterProposal } from '../services/collections/dunning.service.js';
import { asArgument } from '../services/reporting.js';
import { money, payloadType } from './common.js';
import { CustomerRef, InvoiceRef } from './receivables/index.js';

const VARIABLES = DUNNING_TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(', ');
const TEMPLATE_DESCRIPTION =
  `May carry the variables ${VARIABLES}, filled in when the letter is sent ` +
  '(overdueBalance without its currency code, which {{currency}} gives; invoiceNumbers comma-separated; portalLink the customer portal link sent with the letter). Any other {{…}} is refused.';

const DunningCombineEnum = builder.enumType('DunningCombine', {
  description: 'How a level joins its criteria: AND all must hold, OR any.',
  values: ['AND', 'OR'] as const,
});

const DunningLevelRef = builder.prismaObject('DunningLevel', {
  fields: (t) => ({
    entityCode: t.string({
      nullable: true,
      description: "The entity whose level this is; null for a default level (for entities without levels of their own).",
      select: { entity: { select: { code: true } } },
      resolve: (level) => level.entity?.code ?? null,
    }),
    level: t.exposeInt('level'),
    minDaysOverdue: t.exposeInt('minDaysOverdue', { description: "The oldest overdue invoice's days past due at least this (always a criterion: 0 or 1 holds for any overdue invoice)." }),
    minInvoiceAmount: t.field({ type: 'Decimal', nullable: true, description: 'Some overdue invoice open for at least this (base currency); null: left out.', resolve: (level, _args, ctx) => moneyTextOrNull(level.minInvoiceAmount, ctx.config.baseCurrency) }),
    minOverdueBalance: t.field({ type: 'Decimal', nullable: true, description: 'The total overdue balance at least this (base currency); null: left out.', resolve: (level, _args, ctx) => moneyTextOrNull(level.minOverdueBalance, ctx.config.baseCurrency) }),
    combine: t.field({ type: DunningCombineEnum, resolve: (level) => level.combine }),
    subject: t.exposeString('subject'),
    body: t.exposeString('body'),
  }),
});

builder.queryField('dunningLevels', (t) =>
  t.prismaField({
    type: ['DunningLevel'],
    description: "The levels that apply to the entity: its own, else the default levels (entityCode on each tells which); without entityCode, the defaults.",
    args: { entityCode: t.arg.string({ required: false }) },
    resolve: async (query, _root, args, ctx) => {
      const levels = await asArgument('entityCode', () => dunningLevels(ctx.prisma, args.entityCode));
      return ctx.prisma.dunningLevel.findMany({ ...query, where: { id: { in: levels.map((level) => level.id) } }, orderBy: { level: 'asc' } });
    },
  }),
);

const DunningLevelInput = builder.inputType('DunningLevelInput', {
  fields: (t) => ({
    level: t.int({ description: 'Levels are numbered 1, 2, … in order.' }),
    minDaysOverdue: t.int({ description: "The oldest overdue invoice's days past due at least this (always a criterion: 0 or 1 holds for any overdue invoice). Non-decreasing from level to level." }),
    minInvoiceAmount: t.field({ type: 'Decimal', required: false, description: 'Some overdue invoice open for at least this, in the base currency; left out when null.' }),
    minOverdueBalance: t.field({ type: 'Decimal', required: false, description: 'The total overdue balance at least this, in the base currency; left out when null.' }),
    combine: t.field({ type: DunningCombineEnum }),
    subject: t.string({ description: TEMPLATE_DESCRIPTION }),
    body: t.string({ description: TEMPLATE_DESCRIPTION }),
  }),
});
const SetDunningLevelsInput = builder.inputType('SetDunningLevelsInput', {
  fields: (t) => ({
    entityCode: t.string({ required: false, description: 'null: the default levels, for entities without levels of their own.' }),
    levels: t.field({ type: [DunningLevelInput] }),
  }),
});
const SetDunningLevelsPayload = payloadType('SetDunningLevelsPayload', 'dunningLevels', DunningLevelRef, {
  list: true,
  reload: (prisma, query, rows: { id: number }[]) => prisma.dunningLevel.findMany({ ...query, where: { id: { in: rows.map((row) => row.id) } }, orderBy: { level: 'asc' } }),
});
builder.mutationField('setDunningLevels', (t) =>
  t.field({
    type: SetDunningLevelsPayload,
    description:
      'Replaces the levels of the entity (or the defaults). Refused, writing nothing, unless the levels are numbered 1..n, each has a criterion, ' +
      'and each asks no less than the one below (minDaysOverdue non-decreasing, amounts set on both not lower, not the very same criteria).',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: SetDunningLevelsInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('dunningLevels', () => setDunningLevels(ctx.prisma, ctx.actor, input, ctx.config.baseCurrency)),
  }),
);

const DunningLetterRef = builder.objectRef<DunningLetterProposal>('DunningLetter').implement({
  description: 'A letter proposed (dryRun) or sent.',
  fields: (t) => ({
    customer: t.field({ type: CustomerRef, resolve: (letter) => letter.customer }),
    level: t.exposeInt('level'),
    invoices: t.field({ type: [InvoiceRef], description: "All the customer's overdue invoices, oldest due first; after sending, all at this level.", resolve: (letter) => letter.invoices }),
    overdueBalance: t.field({ type: 'Decimal', description: 'Σ open amounts as of asOf, each translated to the base currency and rounded.', resolve: (letter) => money(letter.overdueBalance, letter.currency) }),
    currency: t.exposeString('currency', { description: 'The base currency.' }),
    oldestDaysPastDue: t.exposeInt('oldestDaysPastDue'),
    sent: t.boolean({ description: 'false in a dry run.', resolve: (letter) => letter.letterId !== null }),
  }),
});

const RunDunningInput = builder.inputType('RunDunningInput', {
  fields: (t) => ({
    asOf: t.field({ type: 'Date' }),
    entityCode: t.string({ required: false }),
    dryRun: t.boolean({ required: false, defaultValue: true, description: 'true (the default) only proposes the letters; false sends them.' }),
    customerCodes: t.stringList({
      required: false,
      description: 'Only these customers (the proposal less those the collector left out); default every customer (of the entity).',
    }),
  }),
});
const RunDunningPayload = payloadType('RunDunningPayload', 'letters', DunningLetterRef, { list: true });
builder.mutationField('runDunning', (t) =>
  t.field({
    type: RunDunningPayload,
    description:
      "One letter per customer whose overdue invoices (issued, open, due before asOf, not in open dispute, not under an unbroken promise) meet a level " +
      'that one of them was not dunned at yet; the letter lists all of them. Without dryRun each letter is recorded, its invoices set to its level, ' +
      'a DUNNING_LETTER activity logged and the email queued, so running again sends nothing new.',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: RunDunningInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('letters', () => runDunning(ctx.prisma, ctx.actor, input, { baseCurrency: ctx.config.baseCurrency, today: ctx.today })),
  }),
);
