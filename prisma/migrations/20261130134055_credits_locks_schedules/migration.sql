-- CreateEnum
CREATE TYPE "ApplicationKind" AS ENUM ('PAYMENT', 'CREDIT', 'WRITE_OFF', 'REVERSAL');

-- CreateEnum
CREATE TYPE "DisputeReason" AS ENUM ('PRICING', 'QUANTITY', 'SERVICE', 'DUPLICATE', 'NOT_RECEIVED', 'OTHER');

-- DropIndex
DROP INDEX "kpi_snapshot_close_id_kpi_id_key";

-- AlterTable
ALTER TABLE "entity" ADD COLUMN     "locked_through" DATE;

-- AlterTable
ALTER TABLE "customer" ADD COLUMN     "on_credit_hold" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "invoice_sequence" ADD COLUMN     "next_credit_memo_number" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "payment" ADD COLUMN     "reversal_reason" TEXT,
ADD COLUMN     "reversed_date" DATE,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "payment_application" ADD COLUMN     "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "credit_memo_id" INTEGER,
ADD COLUMN     "kind" "ApplicationKind" NOT NULL DEFAULT 'PAYMENT',
ADD COLUMN     "write_off_id" INTEGER,
ALTER COLUMN "payment_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "dispute" ADD COLUMN     "amount" DECIMAL(20,4),
ADD COLUMN     "credit_memo_id" INTEGER,
ADD COLUMN     "owner" TEXT,
ADD COLUMN     "reason_code" "DisputeReason" NOT NULL DEFAULT 'OTHER';

-- AlterTable (data: existing closes snapshotted their one currency and lock through their
-- period's last day; a period code is a month 2026-10, a quarter 2026-Q4 or an ISO week 2026-W48)
ALTER TABLE "period_close" ADD COLUMN     "currencies" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "locked_through" DATE;
UPDATE "period_close" SET
  "currencies" = ARRAY["currency"::text],
  "locked_through" = CASE
    WHEN "period" ~ '^\d{4}-\d{2}$' THEN (to_date("period" || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day')::date
    WHEN "period" ~ '^\d{4}-Q[1-4]$' THEN (make_date(substr("period", 1, 4)::int, (substr("period", 7, 1)::int - 1) * 3 + 1, 1) + interval '3 months' - interval '1 day')::date
    ELSE (to_date(replace("period", 'W', ''), 'IYYY-IW') + 6)
  END;
ALTER TABLE "period_close" ALTER COLUMN "locked_through" SET NOT NULL;

-- AlterTable
ALTER TABLE "kpi_snapshot" ADD COLUMN     "currency" CHAR(3);
UPDATE "kpi_snapshot" s SET "currency" = c."currency" FROM "period_close" c WHERE c."id" = s."close_id";
ALTER TABLE "kpi_snapshot" ALTER COLUMN "currency" SET NOT NULL;

-- Data: each entity's posting lock is the latest end of a period closed for it or for all entities.
UPDATE "entity" e SET "locked_through" = (
  SELECT max(c."locked_through") FROM "period_close" c WHERE c."scope" IN (e."code", '*'));

-- Every application names exactly one source document.
ALTER TABLE "payment_application" ADD CONSTRAINT "payment_application_one_source"
  CHECK (num_nonnulls("payment_id", "credit_memo_id", "write_off_id") = 1);

-- CreateTable
CREATE TABLE "contract_version" (
    "id" SERIAL NOT NULL,
    "contract_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_from" DATE NOT NULL,
    "end_date" DATE,
    "payment_terms" TEXT,
    "amount_per_period" DECIMAL(20,4) NOT NULL,
    "po_number" TEXT,
    "description" TEXT NOT NULL,
    "reason" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract_milestone" (
    "id" SERIAL NOT NULL,
    "contract_id" INTEGER NOT NULL,
    "milestone_id" INTEGER NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "invoice_id" INTEGER,

    CONSTRAINT "contract_milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_memo" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "invoice_id" INTEGER,
    "date" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "subtotal" DECIMAL(20,4) NOT NULL,
    "tax_total" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "total" DECIMAL(20,4) NOT NULL,
    "unapplied_amount" DECIMAL(20,4) NOT NULL,
    "created_by" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_memo_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_memo_line" (
    "id" SERIAL NOT NULL,
    "credit_memo_id" INTEGER NOT NULL,
    "line_no" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL,
    "unit_price" DECIMAL(24,6) NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "tax_rate" DECIMAL(7,4) NOT NULL DEFAULT 0,
    "tax_category" TEXT NOT NULL DEFAULT 'O',

    CONSTRAINT "credit_memo_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "write_off" (
    "id" SERIAL NOT NULL,
    "invoice_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "write_off_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund" (
    "id" SERIAL NOT NULL,
    "payment_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reference" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_contact" (
    "id" SERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "role" TEXT,

    CONSTRAINT "customer_contact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contract_version_contract_id_version_key" ON "contract_version"("contract_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "contract_milestone_invoice_id_key" ON "contract_milestone"("invoice_id");

-- CreateIndex
CREATE INDEX "contract_milestone_milestone_id_idx" ON "contract_milestone"("milestone_id");

-- CreateIndex
CREATE UNIQUE INDEX "contract_milestone_contract_id_milestone_id_key" ON "contract_milestone"("contract_id", "milestone_id");

-- CreateIndex
CREATE UNIQUE INDEX "credit_memo_number_key" ON "credit_memo"("number");

-- CreateIndex
CREATE INDEX "credit_memo_customer_id_date_idx" ON "credit_memo"("customer_id", "date");

-- CreateIndex
CREATE INDEX "credit_memo_updated_at_id_idx" ON "credit_memo"("updated_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "credit_memo_line_credit_memo_id_line_no_key" ON "credit_memo_line"("credit_memo_id", "line_no");

-- CreateIndex
CREATE INDEX "write_off_invoice_id_idx" ON "write_off"("invoice_id");

-- CreateIndex
CREATE INDEX "refund_payment_id_idx" ON "refund"("payment_id");

-- CreateIndex
CREATE INDEX "customer_contact_customer_id_idx" ON "customer_contact"("customer_id");

-- CreateIndex
CREATE INDEX "customer_collector_idx" ON "customer"("collector");

-- CreateIndex
CREATE INDEX "payment_application_credit_memo_id_idx" ON "payment_application"("credit_memo_id");

-- CreateIndex
CREATE UNIQUE INDEX "dispute_credit_memo_id_key" ON "dispute"("credit_memo_id");

-- CreateIndex
CREATE UNIQUE INDEX "kpi_snapshot_close_id_kpi_id_currency_key" ON "kpi_snapshot"("close_id", "kpi_id", "currency");

-- AddForeignKey
ALTER TABLE "contract_version" ADD CONSTRAINT "contract_version_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_milestone" ADD CONSTRAINT "contract_milestone_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_milestone" ADD CONSTRAINT "contract_milestone_milestone_id_fkey" FOREIGN KEY ("milestone_id") REFERENCES "milestone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract_milestone" ADD CONSTRAINT "contract_milestone_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_application" ADD CONSTRAINT "payment_application_credit_memo_id_fkey" FOREIGN KEY ("credit_memo_id") REFERENCES "credit_memo"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_application" ADD CONSTRAINT "payment_application_write_off_id_fkey" FOREIGN KEY ("write_off_id") REFERENCES "write_off"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_memo" ADD CONSTRAINT "credit_memo_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_memo" ADD CONSTRAINT "credit_memo_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_memo" ADD CONSTRAINT "credit_memo_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_memo_line" ADD CONSTRAINT "credit_memo_line_credit_memo_id_fkey" FOREIGN KEY ("credit_memo_id") REFERENCES "credit_memo"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "write_off" ADD CONSTRAINT "write_off_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund" ADD CONSTRAINT "refund_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_contact" ADD CONSTRAINT "customer_contact_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_credit_memo_id_fkey" FOREIGN KEY ("credit_memo_id") REFERENCES "credit_memo"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Data: every existing contract gets its version 1, effective from its start.
INSERT INTO "contract_version" ("contract_id", "version", "effective_from", "end_date", "payment_terms", "amount_per_period", "po_number", "description", "created_by", "created_at")
SELECT "id", 1, "start_date", "end_date", "payment_terms", "amount_per_period", "po_number", "description", 'migration', "created_at" FROM "contract";
UPDATE "contract" SET "version" = 1 WHERE "version" < 1;
