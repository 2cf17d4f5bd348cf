import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { extractArchive } from '../../pipes/extract';
import { detectDistro } from '../../pipes/rootfs/distro';
import { ImageError, layerTag, readImages, type ContainerImage } from '../../pipes/rootfs/image';
import { applyLayer } from '../../pipes/rootfs/layers';
import type { StepContext } from '../context';
import type { PipelineStep } from '../pipeline';
import { readRoots, writeRoots, type RootRecord } from './rootfs';

type Step = PipelineStep<StepContext>;

/** An image found in an input tarball, and the codebase folder its layers are applied to. */
interface FoundImage {
  input: string;
  root: string;
  image: ContainerImage;
}

const imagesFile = (ctx: StepContext) => join(ctx.paths.tmp, 'images.json');

function readFound(ctx: StepContext): FoundImage[] {
  return existsSync(imagesFile(ctx)) ? (JSON.parse(readFileSync(imagesFile(ctx), 'utf8')) as FoundImage[]) : [];
}

async function report(ctx: StepContext, input: string, problems: Awaited<ReturnType<typeof extractArchive>>['problems']): Promise<void> {
  for (const problem of problems) {
    await ctx.addMessage({
      model: 'extract_images',
      severity: problem.severity,
      description: `${input}: ${problem.message}`,
      details: { path: input, ...(problem.entry ? { entry: problem.entry } : {}), kind: problem.kind },
    });
  }
}

/** Image tarballs of input/ (`*.tar*`, `*.tgz`) are extracted to tmp/ and their images read. */
async function extractImages(ctx: StepContext): Promise<void> {
  const tarballs = (existsSync(ctx.paths.input) ? readdirSync(ctx.paths.input) : []).filter((name) => /\.tar($|\.)|\.tgz$/.test(name)).sort();
  const found: FoundImage[] = [];
  for (const name of tarballs) {
    const target = join(ctx.paths.tmp, `${name}-extract`);
    rmSync(target, { recursive: true, force: true });
    const result = await extractArchive(join(ctx.paths.input, name), target);
    await report(ctx, `input/${name}`, result.problems);
    let images: ContainerImage[];
    try {
      images = await readImages(target);
    } catch (error) {
      if (error instanceof ImageError) {
        throw new Error(`${name}: ${error.message}`);
      }
      throw error;
    }
    images.forEach((image, index) => found.push({ input: name, root: images.length > 1 ? `${name}-extract-${index + 1}` : `${name}-extract`, image }));
    await ctx.log(`${name}: ${images.length} image(s)`);
  }
  if (found.length === 0) {
    throw new Error('No images found: give an image tarball made by `docker save` (or `skopeo copy ... docker-archive:`) or an OCI image layout tarball.');
  }
  mkdirSync(ctx.paths.tmp, { recursive: true });
  writeFileSync(imagesFile(ctx), JSON.stringify(found));
}

/**
 * The layers of each image applied in order, bottom first, into codebase/<tarball>-extract/:
 * whiteouts delete, opaque folders hide the layers below, every file keeps the tag of the layer
 * that wrote it last. Layers are extracted like root filesystems (absolute links kept inside).
 */
async function extractLayers(ctx: StepContext): Promise<void> {
  const roots: RootRecord[] = [];
  for (const { input, root, image } of readFound(ctx)) {
    const rootDir = join(ctx.paths.codebase, root);
    mkdirSync(rootDir, { recursive: true });
    const tags: Record<string, string> = {};
    for (const [index, layer] of image.layers.entries()) {
      const tag = layerTag(image.image_id, layer.layer_id, index + 1);
      const layerDir = join(ctx.paths.tmp, 'layer');
      rmSync(layerDir, { recursive: true, force: true });
      const result = await extractArchive(layer.archive, layerDir, {}, { rootfs: true });
      await report(ctx, `${input}:${basename(layer.archive)}`, result.problems);
      const changes = applyLayer(layerDir, rootDir);
      for (const path of changes.written) {
        tags[path] = tag;
      }
      rmSync(layerDir, { recursive: true, force: true });
      await ctx.log(`${root}: layer ${index + 1} ${tag}: ${changes.written.length} entries written, ${changes.removed.length} removed by whiteouts`);
      await ctx.progress(index + 1, image.layers.length);
    }
    const layerTags = join(ctx.paths.tmp, `${root}.layer-tags.json`);
    writeFileSync(layerTags, JSON.stringify(tags));
    roots.push({ root, name: root, distro: null, layerTags });
  }
  writeRoots(ctx, roots);
}

/** The distro of each image from its os-release, with the operating system and architecture of its config. */
async function findImagesOsAndDistro(ctx: StepContext): Promise<void> {
  const found = readFound(ctx);
  const roots = readRoots(ctx).map((root) => {
    const image = found.find((f) => f.root === root.root)?.image;
    const distro = detectDistro(join(ctx.paths.codebase, root.root));
    return { ...root, distro: distro ? { ...distro, os: image?.os ?? distro.os, architecture: image?.architecture ?? null } : null };
  });
  for (const root of roots) {
    await ctx.log(`${root.root}: ${root.distro?.pretty_name ?? root.distro?.identifier ?? 'no os-release found'}`);
  }
  writeRoots(ctx, roots);
}

/** `extra_data.images`: id, tags, os and architecture, history and layers (with their tags) of each image. */
async function collectImagesInformation(ctx: StepContext): Promise<void> {
  const roots = readRoots(ctx);
  const images = readFound(ctx).map(({ input, root, image }) => ({
    ...image,
    input,
    codebase_path: root,
    distro: roots.find((r) => r.root === root)?.distro ?? null,
    layers: image.layers.map(({ archive, ...layer }, index) => ({
      ...layer,
      layer_tag: layerTag(image.image_id, layer.layer_id, index + 1),
      // Only the last two segments of a location are kept, as ScanCode.io does.
      archive_location: archive.split('/').slice(-2).join('/'),
    })),
  }));
  await ctx.updateProjectExtraData({ images });
}

export const extractImagesStep: Step = { name: 'extract_images', summary: 'Extract images from input tarballs.', run: extractImages };
export const extractLayersStep: Step = { name: 'extract_layers', summary: 'Extract layers from input images.', run: extractLayers };
export const findImagesOsAndDistroStep: Step = {
  name: 'find_images_os_and_distro',
  summary: 'Find the operating system and distro of input images.',
  run: findImagesOsAndDistro,
};
export const collectImagesInformationStep: Step = {
  name: 'collect_images_information',
  summary: 'Collect and store image information in a project.',
  run: collectImagesInformation,
};
