/** What of an error is safe to log: its name, message and HTTP status, never request headers or bodies. */
export function describeError(error: unknown): { name: string; message: string; status?: number } {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return { name: error.name, message: error.message.slice(0, 500), ...(typeof status === "number" ? { status } : {}) };
  }
  return { name: "NonError", message: String(error).slice(0, 200) };
}
