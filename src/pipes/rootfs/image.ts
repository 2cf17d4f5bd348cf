import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, posix, sep } from 'node:path';

/** One layer of an image, bottom first, with the history entry that made it. */
export interface ImageLayer {
  layer_id: string;
  sha256: string;
  size: number;
  /** Absolute path of the layer archive in the extracted image. */
  archive: string;
  created_by: string | null;
  created: string | null;
  author: string | null;
  comment: string | null;
}

/** A container image found in an extracted `docker save` or OCI layout tarball. */
export interface ContainerImage {
  image_id: string;
  config_digest: string;
  tags: string[];
  architecture: string | null;
  os: string | null;
  os_version: string | null;
  variant: string | null;
  created: string | null;
  author: string | null;
  comment: string | null;
  labels: Record<string, string>;
  history: Record<string, unknown>[];
  layers: ImageLayer[];
}

/** An image tarball that cannot be read: the message says which file or field is wrong. */
export class ImageError extends Error {
  override readonly name = 'ImageError';
}

type Json = Record<string, unknown>;

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/**
 * Returns the images of an extracted image tarball: `docker save` layout (manifest.json) first,
 * else OCI image layout (index.json and blobs/). Every file the manifests name must stay inside
 * `dir`; none found returns an empty list.
 */
export async function readImages(dir: string): Promise<ContainerImage[]> {
  if (existsSync(join(dir, 'manifest.json'))) {
    return readDockerSave(dir);
  }
  if (existsSync(join(dir, 'index.json'))) {
    return readOciLayout(dir);
  }
  return [];
}

async function readDockerSave(dir: string): Promise<ContainerImage[]> {
  const manifest = readJson(dir, 'manifest.json');
  if (!Array.isArray(manifest)) {
    throw new ImageError('manifest.json: expected a list of images');
  }
  const images: ContainerImage[] = [];
  for (const [index, entry] of (manifest as Json[]).entries()) {
    const where = `manifest.json[${index}]`;
    if (typeof entry?.Config !== 'string' || !Array.isArray(entry.Layers)) {
      throw new ImageError(`${where}: an image needs "Config" and "Layers"`);
    }
    const config = readJson(dir, entry.Config) as Json;
    const configDigest = await sha256Of(inside(dir, entry.Config));
    const layers = await Promise.all(
      (entry.Layers as unknown[]).map(async (layer, i) => {
        if (typeof layer !== 'string') {
          throw new ImageError(`${where}.Layers[${i}]: expected a file name`);
        }
        return makeLayer(inside(dir, layer));
      }),
    );
    const tags = Array.isArray(entry.RepoTags) ? (entry.RepoTags as unknown[]).filter((t): t is string => typeof t === 'string') : [];
    images.push(makeImage(config, configDigest, tags, layers));
  }
  return images;
}

async function readOciLayout(dir: string): Promise<ContainerImage[]> {
  const index = readJson(dir, 'index.json') as Json;
  const images: ContainerImage[] = [];
  const visit = async (descriptors: unknown, tagsOf: string[], where: string): Promise<void> => {
    if (!Array.isArray(descriptors)) {
      throw new ImageError(`${where}: expected a "manifests" list`);
    }
    for (const [i, descriptor] of (descriptors as Json[]).entries()) {
      const annotations = (descriptor?.annotations ?? {}) as Record<string, string>;
      const tag = annotations['org.opencontainers.image.ref.name'] ?? annotations['io.containerd.image.name'];
      const tags = tag ? [tag] : tagsOf;
      const document = readJson(dir, blobPath(descriptor?.digest, `${where}[${i}].digest`)) as Json;
      if (INDEX_TYPES.has(str(descriptor?.mediaType) ?? str(document.mediaType) ?? '')) {
        // A multi-platform index: the first image, as ScanCode.io takes the first platform.
        await visit(((document.manifests as unknown[] | undefined) ?? []).slice(0, 1), tags, `${String(descriptor?.digest)}.manifests`);
        continue;
      }
      const configDescriptor = document.config as Json | undefined;
      const configFile = blobPath(configDescriptor?.digest, `${String(descriptor?.digest)}.config.digest`);
      const layers = await Promise.all(
        ((document.layers as Json[] | undefined) ?? []).map((layer, l) => makeLayer(inside(dir, blobPath(layer?.digest, `${String(descriptor?.digest)}.layers[${l}].digest`)))),
      );
      images.push(makeImage(readJson(dir, configFile) as Json, str(configDescriptor?.digest) ?? '', tags, layers));
    }
  };
  await visit(index.manifests, [], 'index.json.manifests');
  return images;
}

function blobPath(digest: unknown, where: string): string {
  const match = typeof digest === 'string' ? /^(sha256|sha512):([a-f0-9]{32,128})$/.exec(digest) : null;
  if (!match) {
    throw new ImageError(`${where}: ${JSON.stringify(digest)} is not a content digest`);
  }
  return `blobs/${match[1]}/${match[2]}`;
}

function makeImage(config: Json, configDigest: string, tags: string[], layers: ImageLayer[]): ContainerImage {
  const inner = (config.config ?? {}) as Json;
  const history = Array.isArray(config.history) ? (config.history as Json[]) : [];
  // History entries with empty_layer made no layer: the others match the layers in order.
  const layered = history.filter((h) => !h.empty_layer);
  layers.forEach((layer, i) => {
    const h = layered[i];
    if (h) {
      layer.created_by = str(h.created_by);
      layer.created = str(h.created);
      layer.author = str(h.author);
      layer.comment = str(h.comment);
    }
  });
  const digest = configDigest.replace(/^sha256:/, '');
  return {
    image_id: digest,
    config_digest: `sha256:${digest}`,
    tags,
    architecture: str(config.architecture),
    os: str(config.os),
    os_version: str(config['os.version']),
    variant: str(config.variant),
    created: str(config.created),
    author: str(config.author),
    comment: str(config.comment),
    labels: (inner.Labels && typeof inner.Labels === 'object' ? inner.Labels : {}) as Record<string, string>,
    history,
    layers,
  };
}

async function makeLayer(archive: string): Promise<ImageLayer> {
  const sha256 = await sha256Of(archive);
  return { layer_id: sha256, sha256, size: statSync(archive).size, archive, created_by: null, created: null, author: null, comment: null };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The absolute path of a file named by a manifest, refused when it leaves the image folder. */
function inside(dir: string, name: string): string {
  const normalized = posix.normalize(name);
  if (name.startsWith('/') || normalized.startsWith('..')) {
    throw new ImageError(`${name}: a manifest names a file outside the image`);
  }
  const file = join(dir, normalized);
  if (!existsSync(file)) {
    throw new ImageError(`${name}: the manifest names a file that is not in the image tarball`);
  }
  const real = realpathSync(file);
  const root = realpathSync(dir);
  if (!real.startsWith(`${root}${sep}`) || !statSync(real).isFile()) {
    throw new ImageError(`${name}: a manifest names a file outside the image`);
  }
  return real;
}

function readJson(dir: string, name: string): unknown {
  const file = inside(dir, name);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ImageError(`${name}: not valid JSON: ${(error as Error).message}`);
  }
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** ScanCode.io's layer tag: `img-<image id[:6]>-layer-<index:02>-<layer id[:6]>`, index 1 at the bottom. */
export function layerTag(imageId: string, layerId: string, index: number): string {
  return `img-${imageId.slice(0, 6)}-layer-${String(index).padStart(2, '0')}-${layerId.slice(0, 6)}`;
}
