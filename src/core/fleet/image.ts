import { defaultImageName } from '../image/names.js';
import { EMPTY_SCHEMATIC_ID } from './versions.js';

/**
 * Which GCE image the machine templates boot. Precedence: the `image` input/flag (wired from the
 * image action's `image-name` output), then `spec.image`, then the name the image action gives by
 * default for the pinned Talos version and the empty schematic.
 */
export interface ImageChoice {
  /** GCPMachineTemplate `image` (a self-link path) or `imageFamily`. */
  field: 'image' | 'imageFamily';
  value: string;
  source: 'input' | 'spec' | 'default';
}

export function resolveImage(project: string, talos: string, spec?: string, input?: string): ImageChoice {
  const ref = input ?? spec;
  const source = input !== undefined ? 'input' : spec !== undefined ? 'spec' : 'default';
  // The image action's own naming rule, so the default here is exactly the name it creates.
  const name = ref ?? defaultImageName(talos, EMPTY_SCHEMATIC_ID, 'amd64');
  const selfLink = name.replace(/^https:\/\/www\.googleapis\.com\/compute\/v1\//, '');
  if (selfLink.startsWith('projects/'))
    return { field: selfLink.includes('/images/family/') ? 'imageFamily' : 'image', value: selfLink, source };
  if (name.startsWith('family/'))
    return { field: 'imageFamily', value: `projects/${project}/global/images/${name}`, source };
  return { field: 'image', value: `projects/${project}/global/images/${name}`, source };
}

/** The same reference rule the spec uses, for the `image` input and `--image` flag. */
export const IMAGE_REF_PATTERN =
  /^(family\/[a-z]([-a-z0-9]{0,61}[a-z0-9])?|[a-z]([-a-z0-9]{0,61}[a-z0-9])?|(https:\/\/www\.googleapis\.com\/compute\/v1\/)?projects\/[a-z][-a-z0-9.:]*[a-z0-9]\/global\/images\/(family\/)?[a-z]([-a-z0-9]{0,61}[a-z0-9])?)$/;
