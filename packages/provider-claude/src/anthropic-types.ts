/** The SDK types this adapter works with, in one place. */
export type {
  CacheControlEphemeral,
  ContentBlockParam,
  Message,
  MessageCountTokensParams,
  MessageCreateParamsBase,
  MessageParam,
  RawMessageStreamEvent,
  StopReason,
  TextBlockParam,
  ToolChoice,
  ToolUnion,
  Usage as AnthropicUsage,
} from '@anthropic-ai/sdk/resources/messages/messages';
