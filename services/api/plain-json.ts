// Route option for hot routes whose handler builds its response from our own typed values
// (embeddings, sentiment): JSON.stringify without the zod response pass. The zod response schema
// stays on the route for the OpenAPI document and the types; checking 1,000 floats of ten
// embeddings against it cost more api CPU than the model that computed them.
export const plainJsonResponse = {
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
};
