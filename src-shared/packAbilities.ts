import type { ComponentRole, PackFamily, PackFeature } from './contract'

/**
 * The components each feature needs, by family. Editing, inpainting and outpainting start from the photo, so
 * they need a VAE encoder as well; webnn/Z-Image-Turbo ships none (model-packs.md), which is why a pack can
 * generate and still lack Edit until an encoder is added from another repo.
 */
const needs: Record<PackFamily, Partial<Record<PackFeature, ComponentRole[]>>> = {
  'z-image': {
    generate: ['text_encoder', 'transformer', 'vae_decoder', 'tokenizer'],
    edit: ['text_encoder', 'transformer', 'vae_decoder', 'tokenizer', 'vae_encoder'],
    inpaint: ['text_encoder', 'transformer', 'vae_decoder', 'tokenizer', 'vae_encoder'],
    outpaint: ['text_encoder', 'transformer', 'vae_decoder', 'tokenizer', 'vae_encoder'],
  },
  'z-image-edit': {},
  sd: {
    generate: ['text_encoder', 'unet', 'vae_decoder', 'tokenizer'],
    edit: ['text_encoder', 'unet', 'vae_decoder', 'tokenizer', 'vae_encoder'],
    inpaint: ['text_encoder', 'unet', 'vae_decoder', 'tokenizer', 'vae_encoder'],
    outpaint: ['text_encoder', 'unet', 'vae_decoder', 'tokenizer', 'vae_encoder'],
  },
  sdxl: {
    generate: ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder', 'tokenizer', 'tokenizer_2'],
    edit: ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder', 'tokenizer', 'tokenizer_2', 'vae_encoder'],
    inpaint: ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder', 'tokenizer', 'tokenizer_2', 'vae_encoder'],
    outpaint: ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder', 'tokenizer', 'tokenizer_2', 'vae_encoder'],
  },
  lama: { remove: ['inpainter'] },
  migan: { remove: ['inpainter'] },
  salient: { selectSubject: ['segmenter'] },
  sam: { segment: ['image_encoder', 'prompt_decoder'] },
}

export interface PackAbilities {
  enables: PackFeature[]
  lacks: { feature: PackFeature; component: ComponentRole }[]
}

/** What a pack with these components can do, and for each feature it cannot, the first component it lacks. */
export function packAbilities(family: PackFamily, components: Partial<Record<ComponentRole, unknown>>): PackAbilities {
  const abilities: PackAbilities = { enables: [], lacks: [] }
  for (const [feature, roles] of Object.entries(needs[family]) as [PackFeature, ComponentRole[]][]) {
    const missing = roles.find((role) => !components[role])
    if (missing) abilities.lacks.push({ feature, component: missing })
    else abilities.enables.push(feature)
  }
  return abilities
}
