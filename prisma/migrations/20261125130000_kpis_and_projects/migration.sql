-- CreateEnum
CREATE TYPE "KpiUnit" AS ENUM ('DAYS', 'PERCENT', 'RATIO', 'CURRENCY', 'COUNT');

-- CreateEnum
CREATE TYPE "KpiDirection" AS ENUM ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER');

-- CreateEnum
CREATE TYPE "KpiCadence" AS ENUM ('WEEKLY', 'MONTHLY', 'QUARTERLY');

-- CreateEnum
CREATE TYPE "KpiSource" AS ENUM ('COMPUTED', 'MANUAL');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('PLANNED', 'ACTIVE', 'ON_HOLD', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RiskStatus" AS ENUM ('OPEN', 'MITIGATING', 'ACCEPTED', 'CLOSED');

-- CreateEnum
CREATE TYPE "Raci" AS ENUM ('RESPONSIBLE', 'ACCOUNTABLE', 'CONSULTED', 'INFORMED');

-- CreateEnum
CREATE TYPE "MilestoneStatus" AS ENUM ('PLANNED', 'DONE', 'MISSED');

-- CreateEnum
CREATE TYPE "EscalationStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateEnum
CREATE TYPE "Rag" AS ENUM ('GREEN', 'AMBER', 'RED');

-- CreateTable
CREATE TABLE "kpi_definition" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "unit" "KpiUnit" NOT NULL,
    "direction" "KpiDirection" NOT NULL,
    "cadence" "KpiCadence" NOT NULL,
    "source" "KpiSource" NOT NULL,
    "tolerance" DECIMAL(6,4) NOT NULL DEFAULT 0.10,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_definition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_target" (
    "id" SERIAL NOT NULL,
    "kpi_id" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "value" DECIMAL(20,6) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_actual" (
    "id" SERIAL NOT NULL,
    "kpi_id" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "value" DECIMAL(20,6) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_actual_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "period_close" (
    "id" SERIAL NOT NULL,
    "period" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "closed_by" TEXT NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "period_close_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_snapshot" (
    "id" SERIAL NOT NULL,
    "close_id" INTEGER NOT NULL,
    "kpi_id" INTEGER NOT NULL,
    "value" DECIMAL(30,12),

    CONSTRAINT "kpi_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "entity_id" INTEGER,
    "owner" TEXT NOT NULL,
    "sponsor" TEXT,
    "scope" TEXT,
    "objectives" TEXT,
    "status" "ProjectStatus" NOT NULL DEFAULT 'PLANNED',
    "start_date" DATE NOT NULL,
    "baseline_end_date" DATE NOT NULL,
    "forecast_end_date" DATE,
    "actual_end_date" DATE,
    "budget" DECIMAL(20,4) NOT NULL,
    "actual_cost" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "percent_complete" DECIMAL(7,4) NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "milestone" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "due_date" DATE NOT NULL,
    "completed_date" DATE,
    "status" "MilestoneStatus" NOT NULL DEFAULT 'PLANNED',
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "probability" INTEGER NOT NULL,
    "impact" INTEGER NOT NULL,
    "owner" TEXT NOT NULL,
    "mitigation" TEXT,
    "status" "RiskStatus" NOT NULL DEFAULT 'OPEN',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stakeholder" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "raci" "Raci" NOT NULL,

    CONSTRAINT "stakeholder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_vendor" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "contract_ref" TEXT,
    "contact" TEXT,

    CONSTRAINT "project_vendor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_document" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "added_by" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "status_report" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "report_date" DATE NOT NULL,
    "rag" "Rag" NOT NULL,
    "summary" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "status_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "raised_date" DATE NOT NULL,
    "raised_by" TEXT NOT NULL,
    "escalated_to" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "status" "EscalationStatus" NOT NULL DEFAULT 'OPEN',
    "resolved_date" DATE,
    "resolution" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "escalation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "kpi_definition_code_key" ON "kpi_definition"("code");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_target_kpi_id_period_scope_key" ON "kpi_target"("kpi_id", "period", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_actual_kpi_id_period_scope_key" ON "kpi_actual"("kpi_id", "period", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "period_close_period_scope_key" ON "period_close"("period", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_snapshot_close_id_kpi_id_key" ON "kpi_snapshot"("close_id", "kpi_id");

-- CreateIndex
CREATE UNIQUE INDEX "project_code_key" ON "project"("code");

-- CreateIndex
CREATE INDEX "project_entity_id_idx" ON "project"("entity_id");

-- CreateIndex
CREATE INDEX "project_actual_end_date_idx" ON "project"("actual_end_date");

-- CreateIndex
CREATE INDEX "milestone_project_id_idx" ON "milestone"("project_id");

-- CreateIndex
CREATE INDEX "risk_project_id_idx" ON "risk"("project_id");

-- CreateIndex
CREATE INDEX "stakeholder_project_id_idx" ON "stakeholder"("project_id");

-- CreateIndex
CREATE INDEX "project_vendor_project_id_idx" ON "project_vendor"("project_id");

-- CreateIndex
CREATE INDEX "project_document_project_id_idx" ON "project_document"("project_id");

-- CreateIndex
CREATE INDEX "status_report_project_id_report_date_idx" ON "status_report"("project_id", "report_date");

-- CreateIndex
CREATE INDEX "escalation_project_id_idx" ON "escalation"("project_id");

-- CreateIndex
CREATE INDEX "escalation_status_idx" ON "escalation"("status");

-- AddForeignKey
ALTER TABLE "kpi_target" ADD CONSTRAINT "kpi_target_kpi_id_fkey" FOREIGN KEY ("kpi_id") REFERENCES "kpi_definition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kpi_actual" ADD CONSTRAINT "kpi_actual_kpi_id_fkey" FOREIGN KEY ("kpi_id") REFERENCES "kpi_definition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kpi_snapshot" ADD CONSTRAINT "kpi_snapshot_close_id_fkey" FOREIGN KEY ("close_id") REFERENCES "period_close"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kpi_snapshot" ADD CONSTRAINT "kpi_snapshot_kpi_id_fkey" FOREIGN KEY ("kpi_id") REFERENCES "kpi_definition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk" ADD CONSTRAINT "risk_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stakeholder" ADD CONSTRAINT "stakeholder_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_vendor" ADD CONSTRAINT "project_vendor_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_document" ADD CONSTRAINT "project_document_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_report" ADD CONSTRAINT "status_report_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Built-in KPI definitions: computed from the ledger and the project portfolio.
INSERT INTO "kpi_definition" ("code", "name", "description", "unit", "direction", "cadence", "source") VALUES
  ('DSO', 'Days sales outstanding', 'Ending AR ÷ credit sales × days in the period', 'DAYS', 'LOWER_IS_BETTER', 'MONTHLY', 'COMPUTED'),
  ('BEST_POSSIBLE_DSO', 'Best possible DSO', 'Ending current (not past due) AR ÷ credit sales × days in the period', 'DAYS', 'LOWER_IS_BETTER', 'MONTHLY', 'COMPUTED'),
  ('ADD', 'Average days delinquent', 'DSO − best possible DSO', 'DAYS', 'LOWER_IS_BETTER', 'MONTHLY', 'COMPUTED'),
  ('CEI', 'Collection effectiveness index', '(Beginning AR + sales per month − ending AR) ÷ (beginning AR + sales per month − ending current AR) × 100', 'PERCENT', 'HIGHER_IS_BETTER', 'MONTHLY', 'COMPUTED'),
  ('PAST_DUE_PCT', 'Past-due AR %', 'Past-due AR ÷ ending AR × 100', 'PERCENT', 'LOWER_IS_BETTER', 'MONTHLY', 'COMPUTED'),
  ('AR_TURNOVER', 'AR turnover', 'Credit sales ÷ average of beginning and ending AR', 'RATIO', 'HIGHER_IS_BETTER', 'QUARTERLY', 'COMPUTED'),
  ('DISPUTE_RATE', 'Dispute rate', 'Invoices issued in the period ever disputed ÷ invoices issued × 100', 'PERCENT', 'LOWER_IS_BETTER', 'MONTHLY', 'COMPUTED'),
  ('ON_TIME_PAYMENT_RATE', 'On-time payment rate', 'Invoices settled in the period with the last payment by the due date ÷ invoices settled × 100', 'PERCENT', 'HIGHER_IS_BETTER', 'MONTHLY', 'COMPUTED'),
  ('PROJECTS_ON_TIME_PCT', 'Projects on time', 'Projects finished in the period by their baseline end ÷ projects finished × 100', 'PERCENT', 'HIGHER_IS_BETTER', 'QUARTERLY', 'COMPUTED'),
  ('PROJECTS_ON_BUDGET_PCT', 'Projects on budget', 'Projects finished in the period with actual cost within budget ÷ projects finished × 100', 'PERCENT', 'HIGHER_IS_BETTER', 'QUARTERLY', 'COMPUTED');
