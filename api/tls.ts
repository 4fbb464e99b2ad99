// The Office development certificate (Excel requires HTTPS), generated on first start under
// ~/.office-addin-dev-certs. We read the files ourselves: office-addin-dev-certs'
// getHttpsServerOptions() also tries to install the CA into the system store, which needs rights we lack.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const devCerts = require('office-addin-dev-certs') as {
  generateCertificates(ca?: string, cert?: string, key?: string, days?: number, domains?: string[]): Promise<void>;
};
const defaults = require('office-addin-dev-certs/lib/defaults.js') as {
  caCertificatePath: string;
  localhostCertificatePath: string;
  localhostKeyPath: string;
};

export interface TlsFiles {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
  caPath: string;
}

export async function developmentCertificate(): Promise<TlsFiles> {
  const { caCertificatePath, localhostCertificatePath, localhostKeyPath } = defaults;
  if (!isUsable(localhostCertificatePath) || !fs.existsSync(localhostKeyPath) || !fs.existsSync(caCertificatePath)) {
    await devCerts.generateCertificates(caCertificatePath, localhostCertificatePath, localhostKeyPath, 30);
  }
  return {
    key: fs.readFileSync(localhostKeyPath),
    cert: fs.readFileSync(localhostCertificatePath),
    ca: fs.readFileSync(caCertificatePath),
    caPath: caCertificatePath,
  };
}

function isUsable(certPath: string): boolean {
  if (!fs.existsSync(certPath)) return false;
  const cert = new crypto.X509Certificate(fs.readFileSync(certPath));
  return new Date(cert.validTo).getTime() > Date.now() + 86_400_000;
}
