import TextOutput

/// Prints a one-line confirmation for the person at the terminal. Its stored parts (titles, names)
/// may hold control characters written before input was checked, so the line is shown escaped.
func say(_ line: String) {
    print(TerminalText.escaped(line))
}
