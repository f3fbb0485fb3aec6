package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/secureserverless/framework/policy/pack"
)

func TestAPIGatewayStageWAF(t *testing.T) {
	const stageARN = "arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/v1"
	stage := stackResource(typeAPIGatewayStage, "v1", propsOf(map[string]property.Value{
		"stageName": property.New("v1"), "arn": property.New(stageARN),
	}))
	association := func(resourceARN property.Value) pack.Resource {
		return stackResource(typeWAFv2WebACLAssociation, "v1-waf", propsOf(map[string]property.Value{
			"resourceArn": resourceARN, "webAclArn": unknownValue(),
		}))
	}

	runStackCases(t, newAPIGatewayStageWAF(), []stackCase{
		{
			name:      "association built from the stage",
			kind:      caseCompliant,
			resources: []pack.Resource{stage, dependingOn(association(unknownValue()), "resourceArn", stage)},
		},
		{
			name:      "association naming the stage",
			kind:      caseCompliant,
			resources: []pack.Resource{stage, association(property.New(stageARN))},
		},
		{
			name:      "no association",
			kind:      caseViolation,
			resources: []pack.Resource{stage},
			want: []string{"v1: no aws:wafv2/webAclAssociation:WebAclAssociation has resourceArn set to this stage, " +
				"expected one that associates a web ACL."},
		},
		{
			name:      "association without stage",
			kind:      caseOtherType,
			resources: []pack.Resource{association(property.New(stageARN))},
		},
		{
			name:        "association of an unknown resource",
			kind:        caseUnknown,
			resources:   []pack.Resource{stage, association(unknownValue())},
			wantUnknown: []string{"v1-waf: resourceArn"},
		},
	})
}
