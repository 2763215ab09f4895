// The version stamped into traces and failure directories; replay warns when it differs.
export const SWARMSIM_VERSION = "0.1.0";
