package rules

import (
	"context"
	"slices"

	"github.com/secureserverless/framework/policy/pack"
)

// PolicyConfigRecorderEnabled is the name of the stack policy that requires AWS Config recorders to
// record everything and run.
const PolicyConfigRecorderEnabled = "config-recorder-enabled"

// ConfigRequireGlobalResourceTypes is the config property of config-recorder-enabled that requires
// recorders to record global resource types such as IAM roles.
const ConfigRequireGlobalResourceTypes = "requireGlobalResourceTypes"

// recorderStatusJoin finds the status of a configuration recorder, which names the recorder.
var recorderStatusJoin = siblingJoin{
	siblingTypes: []string{typeConfigRecorderStatus},
	property:     "name",
	targetKeys:   []string{"name"},
}

// newConfigRecorderEnabled returns the stack policy that checks each AWS Config recorder in the stack.
// The recorder must record all supported resource types, and the global ones unless the config turns
// that off. It needs a RecorderStatus with isEnabled true, and the stack needs a DeliveryChannel.
// allSupported defaults to true and includeGlobalResourceTypes to false.
//
// AWS recommends recording global resource types in one region only, so stacks that deploy a recorder
// to several regions set requireGlobalResourceTypes to false in the other regions' pack config.
func newConfigRecorderEnabled() *pack.Policy {
	return &pack.Policy{
		Name: PolicyConfigRecorderEnabled,
		Description: "AWS Config recorders must record all supported resource types, be enabled, and have a " +
			"delivery channel.",
		Rationale: "AWS Config keeps the configuration history that shows who opened a bucket or a security group " +
			"and when. A recorder that skips resource types, is stopped, or has no delivery channel leaves gaps in " +
			"that history exactly where nobody looks.",
		RemediationSteps: "Set recordingGroup.allSupported and recordingGroup.includeGlobalResourceTypes to true on " +
			"the Recorder, add a RecorderStatus whose name is the recorder's name with isEnabled true (depending on " +
			"a DeliveryChannel), and a DeliveryChannel to an S3 bucket.",
		EnforcementLevel: pack.EnforcementLevelMandatory,
		Severity:         pack.SeverityMedium,
		Tags: slices.Concat(
			[]string{"aws", "config", "audit-trail", tagPCI + "10.2.7"},
			withPrefix(tagCheckov, "CKV2_AWS_45", "CKV2_AWS_48"),
		),
		Framework:     pciControl("10.2.7", "Audit trails record the creation and deletion of system-level objects"),
		Waivable:      true,
		ResourceTypes: []string{typeConfigRecorder},
		ConfigSchema: &pack.ConfigSchema{
			Properties: map[string]map[string]any{
				ConfigRequireGlobalResourceTypes: {
					"type":        "boolean",
					"default":     true,
					"description": "Whether recorders must set recordingGroup.includeGlobalResourceTypes to true.",
				},
			},
		},
		ValidateStack: validateConfigRecorderEnabled,
	}
}

func validateConfigRecorderEnabled(_ context.Context, check *pack.StackCheck) error {
	requireGlobal, err := boolConfig(check.Config, PolicyConfigRecorderEnabled, ConfigRequireGlobalResourceTypes, true)
	if err != nil {
		return err
	}

	recorders := check.OfType(typeConfigRecorder)
	hasDeliveryChannel := len(check.OfType(typeConfigDeliveryChannel)) > 0
	for _, recorder := range recorders {
		checkRecordingGroup(check, recorder, requireGlobal)
		checkRecorderStatus(check, recorder)
		if !hasDeliveryChannel {
			check.Report(recorder, "the stack has no %s, expected one that delivers the recorder's history.",
				typeConfigDeliveryChannel)
		}
	}
	return nil
}

// checkRecordingGroup reports a recorder that leaves out resource types.
func checkRecordingGroup(check *pack.StackCheck, recorder pack.Resource, requireGlobal bool) {
	group := recorder.Properties.Get("recordingGroup")
	if !check.Known(recorder, "recordingGroup", group) {
		return
	}

	allSupported := valueAt(group, "allSupported")
	if check.Known(recorder, "recordingGroup.allSupported", allSupported) && isFalse(allSupported) {
		check.Report(recorder, "recordingGroup.allSupported is false, expected true.")
	}
	if !requireGlobal {
		return
	}
	global := valueAt(group, "includeGlobalResourceTypes")
	if !check.Known(recorder, "recordingGroup.includeGlobalResourceTypes", global) {
		return
	}
	if value, _ := boolValue(global); !value {
		check.Report(recorder, "recordingGroup.includeGlobalResourceTypes is %s, expected true.", describeValue(global))
	}
}

// checkRecorderStatus reports a recorder without a RecorderStatus that enables it.
func checkRecorderStatus(check *pack.StackCheck, recorder pack.Resource) {
	statuses := missingSiblings(check, []pack.Resource{recorder}, recorderStatusJoin)
	if len(statuses) > 0 {
		check.Report(recorder, "no %s has name set to this recorder, expected one with isEnabled true.",
			typeConfigRecorderStatus)
		return
	}

	for _, status := range siblingsOf(check, recorder, recorderStatusJoin) {
		enabled := status.Properties.Get("isEnabled")
		if !check.Known(status, "isEnabled", enabled) {
			continue
		}
		if value, _ := boolValue(enabled); !value {
			check.Report(status, "isEnabled is %s, expected true.", describeValue(enabled))
		}
	}
}
