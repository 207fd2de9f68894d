/// The page an unsubscribe link opens (a confirmation, since GET must change nothing), and what
/// a POST answers.
struct UnsubscribePage: Sendable {
    let layout: PageLayout

    /// The confirmation; the form posts what an RFC 8058 one-click POST posts.
    func confirm(receivesReminders: Bool) -> HTML {
        guard receivesReminders else { return done(already: true) }
        return layout.page(title: "Stop reminder emails", """
            <h1>Stop reminder emails?</h1>
            <p>You will no longer get reminders before meetings or weekly digests from Circles. Invitations, changes and cancellations of your meetings still reach you.</p>
            <form method="post">
            <input type="hidden" name="List-Unsubscribe" value="One-Click">
            <div class="buttons"><button type="submit" class="primary">Stop reminder emails</button></div>
            </form>
            """)
    }

    /// After the POST (or when it had been done before).
    func done(already: Bool) -> HTML {
        let lead = already ? "You do not receive reminder emails from Circles." : "Done: you will no longer receive reminder emails from Circles."
        return layout.page(title: "Reminder emails stopped", """
            <h1>Reminder emails stopped</h1>
            <p class="status" role="status">\(lead)</p>
            <p>Invitations, changes and cancellations of your meetings still reach you. To have reminders again, ask your team lead.</p>
            """)
    }
}
