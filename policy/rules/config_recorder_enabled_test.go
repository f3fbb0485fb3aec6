package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestConfigRecorderEnabled(t *testing.T) {
	recorder := func(allSupported, global property.Value) pack.Resource {
		return stackResource(typeConfigRecorder, "recorder", propsOf(map[string]property.Value{
			"name": property.New("default"),
			"recordingGroup": objectValue(map[string]property.Value{
				"allSupported":               allSupported,
				"includeGlobalResourceTypes": global,
			}),
		}))
	}
	complete := recorder(property.New(true), property.New(true))
	status := func(name, enabled property.Value) pack.Resource {
		return stackResource(typeConfigRecorderStatus, "recorder-status", propsOf(map[string]property.Value{
			"name": name, "isEnabled": enabled,
		}))
	}
	channel := stackResource(typeConfigDeliveryChannel, "channel", propsOf(map[string]property.Value{
		"s3BucketName": property.New("config-history"),
	}))

	runStackCases(t, newConfigRecorderEnabled(), []stackCase{
		{
			name: "recorder status and channel",
			kind: caseCompliant,
			resources: []pack.Resource{
				complete, channel,
				dependingOn(status(unknownValue(), property.New(true)), "name", complete),
			},
		},
		{
			name: "status naming the recorder",
			kind: caseCompliant,
			resources: []pack.Resource{
				complete, channel, status(property.New("default"), property.New(true)),
			},
		},
		{
			name: "regional recorder without global types",
			kind: caseCompliant,
			resources: []pack.Resource{
				recorder(property.Value{}, property.New(false)), channel, status(property.New("default"), property.New(true)),
			},
			config: map[string]any{ConfigRequireGlobalResourceTypes: false},
		},
		{
			name: "partial recorder without status or channel",
			kind: caseViolation,
			resources: []pack.Resource{
				recorder(property.New(false), property.Value{}),
			},
			want: []string{
				"recorder: recordingGroup.allSupported is false, expected true.",
				"recorder: recordingGroup.includeGlobalResourceTypes is not set, expected true.",
				"recorder: no aws:cfg/recorderStatus:RecorderStatus has name set to this recorder, expected one " +
					"with isEnabled true.",
				"recorder: the stack has no aws:cfg/deliveryChannel:DeliveryChannel, expected one that delivers " +
					"the recorder's history.",
			},
		},
		{
			name: "stopped recorder",
			kind: caseViolation,
			resources: []pack.Resource{
				complete, channel, status(property.New("default"), property.New(false)),
			},
			want: []string{"recorder-status: isEnabled is false, expected true."},
		},
		{
			name:      "channel without recorder",
			kind:      caseOtherType,
			resources: []pack.Resource{channel, status(property.New("default"), property.New(false))},
		},
		{
			name: "unknown settings",
			kind: caseUnknown,
			resources: []pack.Resource{
				recorder(unknownValue(), property.New(true)), channel,
				dependingOn(status(unknownValue(), unknownValue()), "name", complete),
			},
			wantUnknown: []string{"recorder: recordingGroup.allSupported", "recorder-status: isEnabled"},
		},
	})
}
