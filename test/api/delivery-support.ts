// A real SMTP server in the test process (smtp-server), whose answers a test can script, and
// the mails it accepted, parsed (mailparser); PDF text through unpdf.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { extractText, getDocumentProxy } from 'unpdf';

export interface ReceivedMail {
  envelopeTo: string[];
  mail: ParsedMail;
}

/** An answer to a RCPT TO (e.g. 451 or 550), or null to accept. */
export type Answer = { code: number; message: string } | null;

export interface TestSmtpServer {
  url: string;
  port: number;
  /** Mails accepted, in arrival order. */
  received: ReceivedMail[];
  /** RCPT TO commands seen (accepted or not). */
  tries: string[];
  /** Decides the answer to each RCPT TO; default: accept. */
  answer: (recipient: string, tryNumber: number) => Answer;
  /** Held before answering DATA while set (a relay that is slow to accept). */
  holdData: Promise<void> | null;
  /** Whole messages that arrived while holdData was set, their answer held. */
  held: number;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    url: '',
    port: 0,
    received: [],
    tries: [],
    answer: () => null,
    holdData: null,
    held: 0,
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (state.received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} mails within ${timeoutMs} ms; got ${state.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return state.received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      state.tries.push(address.address);
      const answer = state.answer(address.address, state.tries.filter((a) => a === address.address).length);
      if (!answer) return callback();
      const error = new Error(answer.message) as Error & { responseCode: number };
      error.responseCode = answer.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const hold = state.holdData;
        if (hold) {
          state.held += 1;
          await hold;
        }
        const mail = await simpleParser(Buffer.concat(chunks));
        state.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  return state;
}

/** The text of a PDF, pages joined. */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}
