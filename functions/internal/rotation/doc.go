// Package rotation rotates the origin verification secret: the value of a request header that
// CloudFront adds to every request it sends to the API, and that the API's web ACL requires, so that
// the API cannot be called around CloudFront.
//
// Three systems hold the value. Secrets Manager stores it as a secret whose versions carry the staging
// labels AWSCURRENT and, during a rotation, AWSPENDING. The regex pattern set of the API's web ACL holds
// anchored regular expressions of the values that WAF accepts. The origin of the CloudFront distribution
// has a custom header with the value that CloudFront sends. Secrets Manager runs a rotation as four calls
// of the rotation function with the same ClientRequestToken, the version id of the new value:
//
//   - createSecret stores a new random value as the AWSPENDING version, unless that version has one.
//   - setSecret adds the pending value to the pattern set and keeps the current one, waits until WAF has
//     propagated the change (Rotator.WAFPropagation), then sets CloudFront's header to the pending value.
//   - testSecret checks that the pattern set contains the pending value and that CloudFront sends it.
//   - finishSecret waits until CloudFront reports the distribution Deployed, removes every other value
//     from the pattern set, and then moves AWSCURRENT to the pending version.
//
// Why WAF rejects no request that CloudFront sends at any moment: write A for the values that every WAF
// node accepts and S for the values that some CloudFront edge location may send. Before a rotation
// S = {current} and A contains current. setSecret only adds to the pattern set. A WAF node applies either
// the old or the new set while the change propagates, and both contain current, so A keeps it. After the
// wait every node applies the new set, and A contains current and pending. Only then does setSecret
// change CloudFront's header. While that change deploys, S = {current, pending}, and A contains both.
// finishSecret removes current only after CloudFront reports Deployed, that is when S = {pending}. A WAF
// node that still applies the old set accepts pending as well. So the set of accepted values narrows only
// after the set of sent values has narrowed.
//
// Every step is idempotent, and each step leaves S inside A when it stops at any point, so a failure
// between two calls rejects no request. Secrets Manager runs the rotation again with the same token, and
// the steps then finish the work. createSecret keeps the stored pending value. setSecret adds only what
// is missing and skips the header change when CloudFront already sends the pending value. finishSecret
// does nothing once the version is AWSCURRENT. Because finishSecret prunes the pattern set before it moves
// AWSCURRENT, a version that is AWSCURRENT has no other value left in the pattern set.
//
// The first rotation of a secret without an AWSCURRENT version sets the values up: until it finishes,
// CloudFront sends the placeholder it was created with, which WAF rejects, so the API is unreachable
// through CloudFront for the minutes that first rotation takes after a deployment.
//
// NOTE: the argument assumes that nothing else changes the header or the pattern set during a rotation,
// and that WAF propagates a change within Rotator.WAFPropagation. AWS documents the propagation time of
// WAF changes only as "from a few seconds to a number of minutes".
package rotation
