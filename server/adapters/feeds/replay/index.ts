export { barToTicks, quoteToTick } from "./record-ticks";
export { ReplayFeed, type ReplayFeedOptions } from "./replay-feed";
export {
  detectReplayFormat,
  parseReplayLine,
  type ReplayBar,
  ReplayFileError,
  type ReplayFormat,
  ReplayLineError,
  type ReplayQuote,
  type ReplayRecord,
} from "./replay-format";
export { ReplayReader, type ReplayReadOptions, readReplayFile } from "./replay-reader";
export { parseTimestamp } from "./timestamp";
