/** Largest JSON body a legacy REST path reads; its bodies are a few fields. */
export const MAX_REST_BODY_BYTES = 64 * 1024;
