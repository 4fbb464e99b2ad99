-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'ANALYST', 'AR', 'ADMIN');

-- CreateEnum
CREATE TYPE "DeliveryChannel" AS ENUM ('EMAIL', 'PORTAL', 'POST', 'EDI');

-- CreateEnum
CREATE TYPE "BillingSchedule" AS ENUM ('MONTHLY', 'QUARTERLY', 'ANNUAL', 'MILESTONE');

-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('DRAFT', 'ISSUED', 'PARTIALLY_PAID', 'PAID', 'VOID');

-- CreateEnum
CREATE TYPE "DeliveryOutcome" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateEnum
CREATE TYPE "ActivityKind" AS ENUM ('CALL', 'EMAIL', 'NOTE', 'PROMISE_TO_PAY', 'DISPUTE', 'ESCALATION');

-- CreateTable
CREATE TABLE "entity" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "region" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "payment_terms" TEXT NOT NULL,
    "credit_limit" DECIMAL(20,4),
    "delivery_channel" "DeliveryChannel" NOT NULL,
    "billing_emails" TEXT[],
    "portal_url" TEXT,
    "po_required" BOOLEAN NOT NULL DEFAULT false,
    "collector" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contract" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "payment_terms" TEXT,
    "schedule" "BillingSchedule" NOT NULL,
    "amount_per_period" DECIMAL(20,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "po_number" TEXT,
    "description" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_sequence" (
    "entity_id" INTEGER NOT NULL,
    "next_number" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "invoice_sequence_pkey" PRIMARY KEY ("entity_id")
);

-- CreateTable
CREATE TABLE "invoice" (
    "id" SERIAL NOT NULL,
    "number" TEXT,
    "entity_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "contract_id" INTEGER,
    "billing_period" TEXT,
    "issue_date" DATE NOT NULL,
    "due_date" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "payment_terms" TEXT NOT NULL,
    "po_number" TEXT,
    "total" DECIMAL(20,4) NOT NULL,
    "amount_paid" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "paid_date" DATE,
    "status" "InvoiceStatus" NOT NULL,
    "disputed" BOOLEAN NOT NULL DEFAULT false,
    "void_date" DATE,
    "void_reason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_line" (
    "id" SERIAL NOT NULL,
    "invoice_id" INTEGER NOT NULL,
    "line_no" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" DECIMAL(18,4) NOT NULL,
    "unit_price" DECIMAL(24,6) NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "invoice_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_delivery" (
    "id" SERIAL NOT NULL,
    "invoice_id" INTEGER NOT NULL,
    "channel" "DeliveryChannel" NOT NULL,
    "recipient" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "DeliveryOutcome" NOT NULL,
    "detail" TEXT,

    CONSTRAINT "invoice_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment" (
    "id" SERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "received_date" DATE NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reference" TEXT,
    "unapplied_amount" DECIMAL(20,4) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_application" (
    "id" SERIAL NOT NULL,
    "payment_id" INTEGER NOT NULL,
    "invoice_id" INTEGER NOT NULL,
    "amount" DECIMAL(20,4) NOT NULL,
    "discount" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "received_date" DATE NOT NULL,

    CONSTRAINT "payment_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fx_rate" (
    "id" SERIAL NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "date" DATE NOT NULL,
    "rate" DECIMAL(24,10) NOT NULL,

    CONSTRAINT "fx_rate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collection_activity" (
    "id" SERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "kind" "ActivityKind" NOT NULL,
    "activity_date" DATE NOT NULL,
    "note" TEXT,
    "promise_date" DATE,
    "promise_amount" DECIMAL(20,4),
    "currency" CHAR(3),
    "next_follow_up" DATE,
    "actor" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "collection_activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collection_activity_invoice" (
    "activity_id" INTEGER NOT NULL,
    "invoice_id" INTEGER NOT NULL,

    CONSTRAINT "collection_activity_invoice_pkey" PRIMARY KEY ("activity_id","invoice_id")
);

-- CreateTable
CREATE TABLE "dispute" (
    "id" SERIAL NOT NULL,
    "invoice_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "opened_date" DATE NOT NULL,
    "opened_by" TEXT NOT NULL,
    "resolved_date" DATE,
    "resolution" TEXT,
    "resolved_by" TEXT,

    CONSTRAINT "dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "user_id" INTEGER,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_record" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "record_type" TEXT NOT NULL,
    "record_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_key" (
    "actor" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("actor","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "entity_code_key" ON "entity"("code");

-- CreateIndex
CREATE UNIQUE INDEX "customer_code_key" ON "customer"("code");

-- CreateIndex
CREATE INDEX "customer_entity_id_idx" ON "customer"("entity_id");

-- CreateIndex
CREATE UNIQUE INDEX "contract_number_key" ON "contract"("number");

-- CreateIndex
CREATE INDEX "contract_customer_id_idx" ON "contract"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_number_key" ON "invoice"("number");

-- CreateIndex
CREATE INDEX "invoice_customer_id_due_date_idx" ON "invoice"("customer_id", "due_date");

-- CreateIndex
CREATE INDEX "invoice_entity_id_issue_date_idx" ON "invoice"("entity_id", "issue_date");

-- CreateIndex
CREATE INDEX "invoice_due_date_idx" ON "invoice"("due_date");

-- CreateIndex
CREATE INDEX "invoice_issue_date_idx" ON "invoice"("issue_date");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_contract_id_billing_period_key" ON "invoice"("contract_id", "billing_period");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_line_invoice_id_line_no_key" ON "invoice_line"("invoice_id", "line_no");

-- CreateIndex
CREATE INDEX "invoice_delivery_invoice_id_idx" ON "invoice_delivery"("invoice_id");

-- CreateIndex
CREATE INDEX "payment_customer_id_received_date_idx" ON "payment"("customer_id", "received_date");

-- CreateIndex
CREATE INDEX "payment_application_invoice_id_received_date_idx" ON "payment_application"("invoice_id", "received_date");

-- CreateIndex
CREATE INDEX "payment_application_payment_id_idx" ON "payment_application"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "fx_rate_currency_date_key" ON "fx_rate"("currency", "date");

-- CreateIndex
CREATE INDEX "collection_activity_customer_id_activity_date_idx" ON "collection_activity"("customer_id", "activity_date");

-- CreateIndex
CREATE INDEX "collection_activity_invoice_invoice_id_idx" ON "collection_activity_invoice"("invoice_id");

-- CreateIndex
CREATE INDEX "dispute_invoice_id_idx" ON "dispute"("invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_name_key" ON "app_user"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_name_key" ON "api_token"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- CreateIndex
CREATE INDEX "audit_record_record_type_record_id_idx" ON "audit_record"("record_type", "record_id");

-- CreateIndex
CREATE INDEX "idempotency_key_created_at_idx" ON "idempotency_key"("created_at");

-- AddForeignKey
ALTER TABLE "customer" ADD CONSTRAINT "customer_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contract" ADD CONSTRAINT "contract_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_sequence" ADD CONSTRAINT "invoice_sequence_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contract"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_line" ADD CONSTRAINT "invoice_line_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_delivery" ADD CONSTRAINT "invoice_delivery_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_application" ADD CONSTRAINT "payment_application_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_application" ADD CONSTRAINT "payment_application_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_activity" ADD CONSTRAINT "collection_activity_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_activity_invoice" ADD CONSTRAINT "collection_activity_invoice_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "collection_activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_activity_invoice" ADD CONSTRAINT "collection_activity_invoice_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispute" ADD CONSTRAINT "dispute_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

