// Auto Validation: SES can suppress, at send time and silently, every recipient
// whose validation verdict is below a threshold. It is set on the account
// (GetAccount → SuppressionAttributes.ValidationAttributes.ConditionThreshold) or
// on a configuration set (GetConfigurationSet → SuppressionOptions.ValidationOptions),
// and the configuration set's setting wins for mail sent with it.
import { GetConfigurationSetCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { AutoValidation } from '../../../shared/model/mailbox';
import { sesCall, type SesCallOptions } from './call';

const THRESHOLDS = new Set(['MEDIUM', 'HIGH', 'MANAGED']);

/** The fields read, as strings: GetAccount's answer is schema-checked as tokens (answers.ts), not as the SDK's enums. */
interface ConditionThreshold {
  ConditionThresholdEnabled?: string;
  OverallConfidenceThreshold?: { ConfidenceVerdictThreshold?: string };
}

function fromCondition(
  condition: ConditionThreshold | undefined,
  scope: AutoValidation['scope'],
  configurationSet?: string,
): AutoValidation | null {
  if (!condition) return null;
  const raw = condition.OverallConfidenceThreshold?.ConfidenceVerdictThreshold;
  // A threshold SES has not documented is not guessed at: shown as unknown (null).
  const threshold = typeof raw === 'string' && THRESHOLDS.has(raw) ? (raw as AutoValidation['threshold']) : null;
  return {
    scope,
    ...(configurationSet ? { configurationSet } : {}),
    enabled: condition.ConditionThresholdEnabled === 'ENABLED',
    threshold,
  };
}

/** The account's Auto Validation setting, or null when the account has never set one. */
export function accountAutoValidation(response: {
  SuppressionAttributes?: { ValidationAttributes?: { ConditionThreshold?: ConditionThreshold } };
}): AutoValidation | null {
  return fromCondition(response.SuppressionAttributes?.ValidationAttributes?.ConditionThreshold, 'account');
}

/** A configuration set's Auto Validation setting, or null when the set has none. Failures are SesUserError sentences. */
export async function configurationSetAutoValidation(
  client: SESv2Client,
  name: string,
  options: SesCallOptions = {},
): Promise<AutoValidation | null> {
  const response = await sesCall(
    client,
    'ses:GetConfigurationSet',
    (abortSignal) => client.send(new GetConfigurationSetCommand({ ConfigurationSetName: name }), { abortSignal }),
    options,
  );
  return fromCondition(response.SuppressionOptions?.ValidationOptions?.ConditionThreshold, 'configuration-set', name);
}
