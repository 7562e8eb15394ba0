/** OpenAI's error envelope: `{"error":{"message","type","param","code"}}`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

interface ErrorDetail {
  type?: string;
  param?: string | null;
  code?: string | null;
}

/**
 * The simulator hands dialects only a status and a message, so `param` and `code` are read back
 * from the message wording, which follows the real API's (see fixtures/recorded/ERRORS.md).
 */
const detailsByMessage: Array<[RegExp, (match: RegExpMatchArray) => ErrorDetail]> = [
  [/^Unsupported parameter: '([^']+)'/, (m) => ({ param: m[1], code: 'unsupported_parameter' })],
  [/^Unsupported value: '([^']+)'/, (m) => ({ param: m[1], code: 'unsupported_value' })],
  [
    /^Missing required parameter: '([^']+)'/,
    (m) => ({ param: m[1], code: 'missing_required_parameter' }),
  ],
  [/^Invalid type for '([^']+)'/, (m) => ({ param: m[1], code: 'invalid_type' })],
  [/^Invalid value for '([^']+)'/, (m) => ({ param: m[1], code: 'invalid_value' })],
  [/maximum context length/, () => ({ param: 'messages', code: 'context_length_exceeded' })],
  [
    /^You exceeded your current quota/,
    () => ({ type: 'insufficient_quota', code: 'insufficient_quota' }),
  ],
  [/requests per min/, () => ({ type: 'requests', code: 'rate_limit_exceeded' })],
  [/tokens per min/, () => ({ type: 'tokens', code: 'rate_limit_exceeded' })],
  [/^Incorrect API key provided/, () => ({ code: 'invalid_api_key' })],
  [/does not exist or you do not have access to it/, () => ({ code: 'model_not_found' })],
  [
    /^Country, region, or territory not supported/,
    () => ({ type: 'request_forbidden', code: 'unsupported_country_region_territory' }),
  ],
];

const typeForStatus = (status: number): string => {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
};

const codeForStatus = (status: number): string | null =>
  status === 429 ? 'rate_limit_exceeded' : null;

/** The body OpenAI sends with an error of this status and message, in the HTTP reply or a stream. */
export function openaiErrorBody(status: number, message: string): OpenAIErrorBody {
  let detail: ErrorDetail = {};
  for (const [pattern, read] of detailsByMessage) {
    const match = message.match(pattern);
    if (match) {
      detail = read(match);
      break;
    }
  }
  return {
    error: {
      message,
      type: detail.type ?? typeForStatus(status),
      param: detail.param ?? null,
      code: detail.code ?? codeForStatus(status),
    },
  };
}
