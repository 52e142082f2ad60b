import type { Readable } from 'node:stream';
import { DefaultAzureCredential } from '@azure/identity';
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  type ContainerClient,
  type UserDelegationKey,
} from '@azure/storage-blob';

/**
 * How the bot reaches Blob Storage: a connection string (Azurite, or an account whose keys are allowed), or the
 * account's blob URL signed in with Microsoft Entra ID (`DefaultAzureCredential`: the managed identity in Azure).
 */
export type BlobConnection = { connectionString: string } | { accountUrl: string };

export type StoredFile = { name: string; size: number; contentType: string };

/** Uploads run in 4 MB blocks, four at a time: at most about 16 MB of a file is in memory whatever its size. */
const BLOCK_BYTES = 4 * 1024 * 1024;
const PARALLEL_BLOCKS = 4;

/**
 * The one way features touch Blob Storage: one private container; files go in as streams (never whole in memory)
 * and come out as short-lived read links, so nobody needs an account to watch a video and the container stays
 * private. With Entra ID the links are user-delegation SAS (at most seven days, Azure's limit).
 */
export class BlobFiles {
  private delegationKey?: { key: UserDelegationKey; validUntil: number };

  private constructor(
    private readonly service: BlobServiceClient,
    private readonly container: ContainerClient,
  ) {}

  /** Opens the container, creating it when it is missing (the Bicep template creates it in Azure). */
  static async open(connection: BlobConnection, containerName: string): Promise<BlobFiles> {
    const service =
      'connectionString' in connection
        ? BlobServiceClient.fromConnectionString(connection.connectionString)
        : new BlobServiceClient(connection.accountUrl, new DefaultAzureCredential());
    const container = service.getContainerClient(containerName);
    if (!(await container.exists())) await container.createIfNotExists();
    return new BlobFiles(service, container);
  }

  get containerName(): string {
    return this.container.containerName;
  }

  async upload(
    name: string,
    content: Readable,
    options: { contentType: string; fileName?: string; metadata?: Record<string, string> },
  ): Promise<void> {
    await this.container.getBlockBlobClient(name).uploadStream(content, BLOCK_BYTES, PARALLEL_BLOCKS, {
      blobHTTPHeaders: {
        blobContentType: options.contentType,
        ...(options.fileName ? { blobContentDisposition: contentDisposition(options.fileName) } : {}),
      },
      ...(options.metadata ? { metadata: options.metadata } : {}),
    });
  }

  /** Deletes a file; one that is not there counts as deleted, so cleaning up twice is harmless. */
  async delete(name: string): Promise<void> {
    await this.container.getBlobClient(name).deleteIfExists();
  }

  async exists(name: string): Promise<boolean> {
    return this.container.getBlobClient(name).exists();
  }

  async list(prefix: string): Promise<StoredFile[]> {
    const files: StoredFile[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix })) {
      files.push({
        name: blob.name,
        size: blob.properties.contentLength ?? 0,
        contentType: blob.properties.contentType ?? '',
      });
    }
    return files;
  }

  /**
   * A read-only link to one file for `validForMs` from now (the storage service's clock, so real time), shorter
   * with Entra ID should the delegation key end first. Says until when it works.
   */
  async readLink(name: string, validForMs: number): Promise<{ url: string; expiresOn: Date }> {
    const blob = this.container.getBlobClient(name);
    const now = Date.now();
    const options = {
      permissions: BlobSASPermissions.parse('r'),
      startsOn: new Date(now - 5 * 60_000),
      expiresOn: new Date(now + validForMs),
    };
    if (blob.credential instanceof StorageSharedKeyCredential)
      return { url: await blob.generateSasUrl(options), expiresOn: options.expiresOn };
    // A connection string carrying its own SAS: the blob's URL already includes it.
    if (!isTokenCredential(this.service.credential)) return { url: blob.url, expiresOn: options.expiresOn };
    const key = await this.userDelegationKey();
    const expiresOn = new Date(Math.min(options.expiresOn.getTime(), key.validUntil));
    return { url: await blob.generateUserDelegationSasUrl({ ...options, expiresOn }, key.key), expiresOn };
  }

  /** A delegation key lasts seven days (Azure's maximum) and is renewed after half a day, so links keep long lives. */
  private async userDelegationKey(): Promise<{ key: UserDelegationKey; validUntil: number }> {
    const now = Date.now();
    if (this.delegationKey && this.delegationKey.validUntil - now > 6.5 * 86_400_000) return this.delegationKey;
    const startsOn = new Date(now - 5 * 60_000);
    const expiresOn = new Date(now + 7 * 86_400_000 - 10 * 60_000);
    const key = await this.service.getUserDelegationKey(startsOn, expiresOn);
    this.delegationKey = { key, validUntil: expiresOn.getTime() };
    return this.delegationKey;
  }
}

function isTokenCredential(credential: unknown): boolean {
  return typeof (credential as { getToken?: unknown })?.getToken === 'function';
}

/** `inline; filename="..."` (play in the browser, save under its own name) with the name kept readable in every browser (RFC 6266 / 5987). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
