package infra

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// createUsagePlans creates each usage plan on the stage, with its throttle and quota, and one API key
// per client in it. It returns the key ids by client and the plan ids by plan name.
//
// The keys have no value input, so AWS generates each value and the program never holds one. The
// pulumi-aws SDK marks the value output as a secret, so the state stores it encrypted.
func (b *restAPIBuild) createUsagePlans(ctx *pulumi.Context, stage *apigateway.Stage,
) (pulumi.StringMapOutput, pulumi.StringMapOutput, error) {
	keyIDs := pulumi.StringMap{}
	planIDs := pulumi.StringMap{}
	for _, plan := range b.args.UsagePlans {
		usagePlan, err := apigateway.NewUsagePlan(ctx, b.name+"-plan-"+plan.Name, &apigateway.UsagePlanArgs{
			Name:        pulumi.String(b.args.NamePrefix + "-" + plan.Name),
			Description: pulumi.Sprintf("Usage plan %s of %s-api.", plan.Name, b.args.NamePrefix),
			// The stage name output makes the plan wait for the stage, which API Gateway requires.
			ApiStages: apigateway.UsagePlanApiStageArray{
				&apigateway.UsagePlanApiStageArgs{ApiId: b.api.ID(), Stage: stage.StageName},
			},
			ThrottleSettings: &apigateway.UsagePlanThrottleSettingsArgs{
				RateLimit:  pulumi.Float64(plan.RateLimit),
				BurstLimit: pulumi.Int(plan.BurstLimit),
			},
			QuotaSettings: &apigateway.UsagePlanQuotaSettingsArgs{
				Limit:  pulumi.Int(plan.QuotaLimit),
				Period: pulumi.String(plan.QuotaPeriod),
			},
		}, b.parent)
		if err != nil {
			return pulumi.StringMapOutput{}, pulumi.StringMapOutput{},
				fmt.Errorf("creating usage plan %s of rest API %q: %w", plan.Name, b.name, err)
		}
		planIDs[plan.Name] = usagePlan.ID()

		for _, client := range plan.Clients {
			key, err := apigateway.NewApiKey(ctx, b.name+"-key-"+client, &apigateway.ApiKeyArgs{
				Name:        pulumi.String(b.args.NamePrefix + "-" + client),
				Description: pulumi.Sprintf("API key of client %s in usage plan %s.", client, plan.Name),
				Enabled:     pulumi.Bool(true),
			}, b.parent)
			if err != nil {
				return pulumi.StringMapOutput{}, pulumi.StringMapOutput{},
					fmt.Errorf("creating the API key of client %s: %w", client, err)
			}
			_, err = apigateway.NewUsagePlanKey(ctx, b.name+"-plan-"+plan.Name+"-key-"+client, &apigateway.UsagePlanKeyArgs{
				KeyId:       key.ID(),
				KeyType:     pulumi.String("API_KEY"),
				UsagePlanId: usagePlan.ID(),
			}, b.parent)
			if err != nil {
				return pulumi.StringMapOutput{}, pulumi.StringMapOutput{},
					fmt.Errorf("adding the API key of client %s to usage plan %s: %w", client, plan.Name, err)
			}
			keyIDs[client] = key.ID()
		}
	}
	return keyIDs.ToStringMapOutput(), planIDs.ToStringMapOutput(), nil
}
