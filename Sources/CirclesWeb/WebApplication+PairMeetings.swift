import CirclesDomain
import CirclesServices
import Foundation
import Hummingbird
import LinkTokens

/// `/p/<token>`: the page behind an introduction's "we met" / "we couldn't" links. GET shows the
/// pair and changes nothing; POST, with the page's form value and from this site only, records
/// the outcome as `circles pairs met|missed` would. Every bad link is the same plain 404.
extension WebApplication {
    func showPairMeeting(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let token = try limited(request, context)
        let claims = try verified(token, .pairMeeting)
        guard let pairID = claims.pairID else { throw HTTPError(.notFound) }
        let invitation = try await found { try await services.pairMeetingInvitation(pair: pairID, person: claims.personID) }
        let suggested = request.uri.queryParameters["a"].flatMap { PairMeetingPage.outcome(String($0)) }
        let page = PairMeetingPage(layout: layout).render(
            invitation, formToken: FormToken.make(for: token, keyring: configuration.keyring), suggested: suggested,
            saved: request.uri.queryParameters["saved"] == "1")
        return WebResponse.page(page)
    }

    func recordPairMeeting(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let token = try limited(request, context)
        try sameOrigin(request)
        var request = request
        let form = try await formFields(&request)
        let claims = try verified(token, .pairMeeting)
        guard let pairID = claims.pairID else { throw HTTPError(.notFound) }
        guard let formToken = form["form"], FormToken.isValid(formToken, for: token, keyring: configuration.keyring) else {
            logger.info("pair meeting refused: form token missing or wrong", metadata: ["pair.id": "\(pairID)"])
            throw HTTPError(.forbidden)
        }
        guard let text = form["outcome"], let met = PairMeetingPage.outcome(text) else { throw HTTPError(.badRequest) }
        let outcome = try await found { try await services.recordPairMeeting(pair: pairID, person: claims.personID, met: met) }
        logger.info("pair meeting", metadata: ["pair.id": "\(pairID)", "met": "\(met)", "outcome": "\(outcome)"])
        return WebResponse.seeOther("\(configuration.mountPath)/p/\(token)?saved=1")
    }
}
