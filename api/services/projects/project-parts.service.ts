// The smaller parts of a project: milestones, stakeholders, vendors, documents, status
// reports and escalations to management. Each call adds or changes one record, audited.
import type { Actor } from '../../domain/actor.js';
import { dateFromIso, parseIsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { LIMITS, optionalText, requireText } from '../../domain/text.js';
import type { MilestoneStatus, Raci, Rag } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db } from '../db-types.js';
import { isRowId } from '../lookups.js';
import { billMilestoneDone } from '../receivables/contract.service.js';
import { findProjectOrThrow } from './project.service.js';

async function withProject<T>(prisma: Db, actor: Actor, projectCode: string, errors: ErrorCollector, write: (tx: Parameters<Parameters<Db['$transaction']>[0]>[0], projectId: number) => Promise<T & { id: number }>, recordType: string): Promise<T> {
  return prisma.$transaction(async (tx) => {
    const project = await errors.checkAsync(() => findProjectOrThrow(tx, projectCode, ['projectCode']));
    errors.throwIfAny();
    const record = await write(tx, project!.id);
    await recordAudit(tx, actor, { action: `add${recordType}`, recordType, recordId: record.id, after: record });
    return record;
  }, TX_OPTIONS);
}

export async function addMilestone(prisma: Db, actor: Actor, input: { projectCode: string; name: string; dueDate: string }) {
  const errors = new ErrorCollector();
  const name = errors.check(() => requireText(input.name, ['name'], { max: LIMITS.name, what: 'The milestone name' }));
  const dueDate = errors.check(() => parseIsoDate(input.dueDate, ['dueDate']));
  return withProject(prisma, actor, input.projectCode, errors, (tx, projectId) => tx.milestone.create({ data: { projectId, name: name!, dueDate: dateFromIso(dueDate!) } }), 'Milestone');
}

export async function updateMilestone(prisma: Db, actor: Actor, input: { id: string; expectedVersion: number; status: MilestoneStatus; completedDate?: string | null }) {
  const errors = new ErrorCollector();
  const completedDate = input.completedDate ? errors.check(() => parseIsoDate(input.completedDate!, ['completedDate'])) : null;
  if (input.status === 'DONE' && !completedDate) errors.add(['completedDate'], 'A DONE milestone needs its completed date.');
  errors.throwIfAny();
  return prisma.$transaction(async (tx) => {
    const id = Number(input.id);
    const milestone = isRowId(id) ? await tx.milestone.findUnique({ where: { id } }) : null;
    if (!milestone) throw UserInputError.of(['id'], `No milestone with id "${String(input.id).slice(0, 20)}" exists.`, ErrorCode.NOT_FOUND);
    const updated = await tx.milestone.updateMany({
      where: { id, version: input.expectedVersion },
      data: { status: input.status, completedDate: completedDate ? dateFromIso(completedDate) : null, version: { increment: 1 } },
    });
    if (updated.count === 0) throw UserInputError.of(['expectedVersion'], `Milestone ${id} is at version ${milestone.version}, not ${input.expectedVersion}; reload and try again.`, ErrorCode.CONFLICT);
    await recordAudit(tx, actor, { action: 'updateMilestone', recordType: 'Milestone', recordId: id, before: { status: milestone.status, version: milestone.version }, after: { status: input.status, completedDate, version: milestone.version + 1 } });
    // MILESTONE contracts bill it in this transaction, once (a closed period refuses the change).
    if (input.status === 'DONE') await billMilestoneDone(tx, actor, id, completedDate!);
    return tx.milestone.findUniqueOrThrow({ where: { id } });
  }, TX_OPTIONS);
}

export async function addStakeholder(prisma: Db, actor: Actor, input: { projectCode: string; name: string; role: string; raci: Raci }) {
  const errors = new ErrorCollector();
  const name = errors.check(() => requireText(input.name, ['name'], { max: LIMITS.name, what: 'The name' }));
  const role = errors.check(() => requireText(input.role, ['role'], { max: LIMITS.name, what: 'The role' }));
  return withProject(prisma, actor, input.projectCode, errors, (tx, projectId) => tx.stakeholder.create({ data: { projectId, name: name!, role: role!, raci: input.raci } }), 'Stakeholder');
}

export async function addProjectVendor(prisma: Db, actor: Actor, input: { projectCode: string; name: string; service: string; contractRef?: string | null; contact?: string | null }) {
  const errors = new ErrorCollector();
  const name = errors.check(() => requireText(input.name, ['name'], { max: LIMITS.name, what: 'The vendor name' }));
  const service = errors.check(() => requireText(input.service, ['service'], { max: LIMITS.description, what: 'The service' }));
  const contractRef = errors.check(() => optionalText(input.contractRef, ['contractRef'], { max: LIMITS.reference, what: 'The contract reference' }));
  const contact = errors.check(() => optionalText(input.contact, ['contact'], { max: LIMITS.name, what: 'The contact' }));
  return withProject(prisma, actor, input.projectCode, errors, (tx, projectId) => tx.projectVendor.create({ data: { projectId, name: name!, service: service!, contractRef, contact } }), 'ProjectVendor');
}

export async function addProjectDocument(prisma: Db, actor: Actor, input: { projectCode: string; title: string; url: string }) {
  const errors = new ErrorCollector();
  const title = errors.check(() => requireText(input.title, ['title'], { max: LIMITS.name, what: 'The title' }));
  const url = errors.check(() => requireText(input.url, ['url'], { max: LIMITS.url, what: 'The link' }));
  if (url && !/^(https?:\/\/|\\\\|file:\/\/)\S+$/i.test(url)) errors.add(['url'], 'The link must be an http(s) URL, a file:// URL or a \\\\server\\share path.');
  return withProject(prisma, actor, input.projectCode, errors, (tx, projectId) => tx.projectDocument.create({ data: { projectId, title: title!, url: url!, addedBy: actor.name } }), 'ProjectDocument');
}

export async function addStatusReport(prisma: Db, actor: Actor, input: { projectCode: string; reportDate?: string | null; rag: Rag; summary: string }, today: string) {
  const errors = new ErrorCollector();
  const reportDate = input.reportDate ? errors.check(() => parseIsoDate(input.reportDate!, ['reportDate'])) : today;
  const summary = errors.check(() => requireText(input.summary, ['summary'], { max: LIMITS.note, what: 'The summary' }));
  return withProject(prisma, actor, input.projectCode, errors, (tx, projectId) => tx.statusReport.create({ data: { projectId, reportDate: dateFromIso(reportDate!), rag: input.rag, summary: summary!, author: actor.name } }), 'StatusReport');
}

export async function raiseEscalation(prisma: Db, actor: Actor, input: { projectCode: string; escalatedTo: string; summary: string; raisedDate?: string | null }, today: string) {
  const errors = new ErrorCollector();
  const escalatedTo = errors.check(() => requireText(input.escalatedTo, ['escalatedTo'], { max: LIMITS.name, what: 'Who it is escalated to' }));
  const summary = errors.check(() => requireText(input.summary, ['summary'], { max: LIMITS.note, what: 'The summary' }));
  const raisedDate = input.raisedDate ? errors.check(() => parseIsoDate(input.raisedDate!, ['raisedDate'])) : today;
  return withProject(prisma, actor, input.projectCode, errors, (tx, projectId) => tx.escalation.create({ data: { projectId, escalatedTo: escalatedTo!, summary: summary!, raisedDate: dateFromIso(raisedDate!), raisedBy: actor.name } }), 'Escalation');
}

export async function resolveEscalation(prisma: Db, actor: Actor, input: { id: string; resolution: string }, today: string) {
  const errors = new ErrorCollector();
  const resolution = errors.check(() => requireText(input.resolution, ['resolution'], { max: LIMITS.note, what: 'The resolution' }));
  errors.throwIfAny();
  return prisma.$transaction(async (tx) => {
    const id = Number(input.id);
    // Locked before the status is checked: of racing resolutions, one resolves it.
    const [locked] = isRowId(id) ? await tx.$queryRaw<{ id: number }[]>`SELECT id FROM escalation WHERE id = ${id} FOR UPDATE` : [];
    const escalation = locked ? await tx.escalation.findUniqueOrThrow({ where: { id } }) : null;
    if (!escalation) throw UserInputError.of(['id'], `No escalation with id "${String(input.id).slice(0, 20)}" exists.`, ErrorCode.NOT_FOUND);
    if (escalation.status === 'RESOLVED') throw UserInputError.of(['id'], `Escalation ${id} is already resolved.`);
    const resolved = await tx.escalation.update({ where: { id }, data: { status: 'RESOLVED', resolution: resolution!, resolvedDate: dateFromIso(today), version: { increment: 1 } } });
    await recordAudit(tx, actor, { action: 'resolveEscalation', recordType: 'Escalation', recordId: id, before: { status: 'OPEN' }, after: { status: 'RESOLVED', resolution } });
    return resolved;
  }, TX_OPTIONS);
}
