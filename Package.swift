// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Circles",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "circles", targets: ["circles"]),
        .executable(name: "circles-worker", targets: ["circles-worker"]),
        .executable(name: "circles-web", targets: ["circles-web"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // Configuration: flags → environment → YAML file → defaults. The YAML trait (tools 6.1) brings Yams,
        // which CirclesConfiguration also uses directly to name unknown keys and syntax errors by line.
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The operations listener (/metrics, /health/*) and circles-web's pages: one HTTP stack (issue 13).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Metrics through the swift-metrics API, exported in the Prometheus text format.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // NIO pieces: the client's SocketAddress for circles-web's rate limits, and the operations
        // listener's own HTTP/1 channel (request-head budget and deadline, connection cap).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // HTTP field names (Hummingbird's own types).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // multipart/form-data bodies: RFC 8058's one-click unsubscribe POST SHOULD be one.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // HMAC-SHA-256 for signed links (issue 13); 3.12.3 and 4.5.2 are both in the local mirror.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // libpq, exactly as Debian's libpq-dev ships it.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The RFC 5545 engine: pure, no I/O, imports nothing of ours.
        .target(name: "Recurrence"),
        // Entities and policies as Sendable values; time comes in as `now:`; no I/O.
        .target(name: "CirclesDomain"),
        // VCALENDAR/VEVENT/VTIMEZONE writing (iTIP REQUEST and CANCEL) and a bounded reader for calendars from outside. Pure.
        .target(name: "ICalendar"),
        // Maximum-weight matching (Edmonds' blossom), mentoring assignment, the pair-weight policy. Pure.
        .target(name: "Matching"),
        // libcurl, exactly as Debian's libcurl4-openssl-dev ships it (the SMTP transport).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Message composition (RFC 5322, MIME, RFC 2047) and transports (SMTP over libcurl; a file sink).
        .target(name: "Mail", dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")]),
        // Incoming iTIP replies read from mail: MIME within limits (multipart, base64, quoted-printable,
        // charsets), the calendar REPLY in any part, the reply token, Authentication-Results. Pure.
        .target(name: "ReplyReading", dependencies: ["ICalendar"]),
        // A thin, generic libpq layer; the only module that imports CLibPQ.
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // SQL for the domain and the migration runner; migrations are embedded in the binary.
        .target(
            name: "CirclesStore",
            dependencies: [
                "CirclesDomain",
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.embedInCode("Migrations")]
        ),
        // Meeting, follow-up and digest mail composed from plain content: text, HTML and the
        // iCalendar attachment. Presentation only: no database, no decisions about who gets what.
        .target(name: "MailComposition", dependencies: ["CirclesDomain", "Mail", "ICalendar"]),
        // Signed, purpose-bound link tokens (respond, unsubscribe, …): HMAC-SHA-256 with key rotation.
        // Shared by the worker's mail composition (which signs) and circles-web (which verifies).
        .target(
            name: "LinkTokens",
            dependencies: ["CirclesDomain", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The progress report rendered as a table, CSV, JSON or HTML. Presentation only.
        .target(name: "ProgressRendering", dependencies: ["CirclesDomain", "TextOutput"]),
        // Application services: each operation one transaction, authorised, audited.
        .target(
            name: "CirclesServices",
            dependencies: [
                "CirclesDomain", "CirclesStore", "Recurrence", "Postgres", "Mail", "ICalendar", "MailComposition", "ReplyReading", "Matching",
                "LinkTokens",
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // The operations listener (/metrics through swift-prometheus, /health/live, /health/ready) on
        // Hummingbird, and systemd readiness notification. Imports nothing of ours.
        .target(
            name: "Observability",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Escaping per destination: the one CSV writer (formulas neutralised), the one JSON string
        // escaper, and control characters made visible for terminals. Pure; imports nothing.
        .target(name: "TextOutput"),
        // Log handlers for text, JSON lines and logfmt; executables bootstrap one of them once.
        .target(name: "CirclesLogging", dependencies: ["TextOutput", .product(name: "Logging", package: "swift-log")]),
        // The one typed CirclesSettings, read from flags, environment, a YAML file and defaults.
        .target(
            name: "CirclesConfiguration",
            dependencies: [
                "CirclesDomain", "CirclesLogging", "LinkTokens", "Mail", "Postgres",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "circles",
            dependencies: [
                "CirclesConfiguration",
                "CirclesLogging",
                "CirclesDomain",
                "CirclesServices",
                "ProgressRendering",
                "Recurrence",
                "Matching",
                "Postgres",
                "CirclesStore",
                "TextOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The reminder worker: a ServiceGroup of the scheduling pass and the dispatcher.
        .executableTarget(
            name: "circles-worker",
            dependencies: [
                "CirclesConfiguration",
                "CirclesLogging",
                "CirclesDomain",
                "CirclesServices",
                "CirclesStore",
                "LinkTokens",
                "Mail",
                "Observability",
                "Postgres",
                "ReplyReading",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // circles-web's application: routes, pages, security headers and rate limits on Hummingbird.
        .target(
            name: "CirclesWeb",
            dependencies: [
                "CirclesConfiguration", "CirclesDomain", "CirclesServices", "CirclesStore", "LinkTokens", "Postgres",
                "Mail", "MailComposition", "ICalendar", "Observability", "ReplyReading",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The response and unsubscribe pages' server: configuration and logging, then CirclesWeb.
        .executableTarget(
            name: "circles-web",
            dependencies: [
                "CirclesWeb", "CirclesConfiguration", "CirclesLogging", "CirclesServices", "Postgres", "Observability",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "CirclesBench",
            dependencies: [
                "Recurrence", "Postgres", "CirclesStore", "CirclesServices", "MailComposition", "ProgressRendering", "CirclesDomain", "Mail",
                "SeededRandom", "Matching",
            ],
            path: "Benchmarks/CirclesBench"
        ),
        // Tools some tests need: skipped without them, except under `make test`, where they fail.
        .target(name: "TestRequirements", path: "Tests/TestRequirements"),
        // One seedable random generator for randomised tests and the benchmark's corpus.
        .target(name: "SeededRandom", path: "Tests/SeededRandom"),
        // Finds the test server that `make test` starts and gives each suite its own schema.
        .target(name: "PostgresTestSupport", dependencies: ["Postgres"], path: "Tests/PostgresTestSupport"),
        // The hand-computed progress-report scenario, shared by the services and CLI tests.
        .target(
            name: "ProgressTestSupport",
            dependencies: ["CirclesServices", "CirclesDomain", "CirclesStore", "Postgres", "PostgresTestSupport"],
            path: "Tests/ProgressTestSupport"),
        .testTarget(name: "RecurrenceTests", dependencies: ["Recurrence", "SeededRandom", "TestRequirements"]),
        .testTarget(name: "CirclesDomainTests", dependencies: ["CirclesDomain"]),
        .testTarget(name: "TextOutputTests", dependencies: ["TextOutput", "TestRequirements"]),
        .testTarget(name: "ICalendarTests", dependencies: ["ICalendar", "SeededRandom", "TestRequirements"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "SeededRandom"], exclude: ["networkx_matching.py", "scipy_assignment.py"]),
        // iTIP reply mails shaped like Outlook's, Google's, Apple's and Thunderbird's, for the reading and worker tests.
        .target(name: "ReplyFixtures", path: "Tests/ReplyFixtures", exclude: ["Templates"]),
        .testTarget(name: "ReplyReadingTests", dependencies: ["ReplyReading", "ICalendar", "ReplyFixtures"]),
        .testTarget(name: "MailTests", dependencies: ["Mail", "SeededRandom", "TestRequirements"]),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "Observability", .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "CirclesConfigurationTests", dependencies: ["CirclesConfiguration", "CirclesLogging"]),
        .testTarget(name: "MailTransportTests", dependencies: ["Mail", "CCurl", "SeededRandom", "TestRequirements"], exclude: ["smtp_sink.py"]),
        .testTarget(
            name: "CirclesServicesTests",
            dependencies: [
                "CirclesServices", "MailComposition", "ProgressRendering", "CirclesDomain", "CirclesStore", "Mail", "Postgres",
                "PostgresTestSupport", "ProgressTestSupport", "Matching",
                "TestRequirements",
            ],
            exclude: ["Fixtures"]  // import files the tests read through #filePath
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "PostgresTestSupport"]),
        .testTarget(name: "LinkTokensTests", dependencies: ["LinkTokens", "CirclesDomain"]),
        .testTarget(name: "CirclesStoreTests", dependencies: ["CirclesStore", "Postgres", "PostgresTestSupport"]),
        // Drives the built `circles` binary as a person would, and checks what it prints.
        .testTarget(
            name: "CirclesCLITests",
            dependencies: [
                "circles", "circles-web", "CirclesWeb", "LinkTokens", "PostgresTestSupport", "ProgressTestSupport", "TestRequirements",
                "Mail", "ReplyFixtures", "ReplyReading",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
