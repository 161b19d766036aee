// Package maturity reads the digital mentors' maturity meter and computes
// its figures: how well each unit uses each digital tool, on a scale from 0
// (Tietämätön: the unit does not know the tool at all) to 500 (Laajasti
// käytössä: the tool is an essential part of the unit's work), round by
// round. The generator makes pages of the figures (/kypsyys/ and a section
// on each tool page); `tietopankki maturity` prints them.
//
// # Rounds
//
// Each assessment round is one CSV file in content/maturity/ (Dir), for
// example 2021-05.csv and 2021-12.csv, saved from Excel as it saves them:
//
//   - separated by semicolons (Excel in Finnish) or commas (Excel in
//     English, "CSV UTF-8"), or tabs: the header line's most frequent
//     separator outside quotes wins, a semicolon on a tie; a first line
//     "sep=;" names it;
//   - in UTF-8, with or without a byte-order mark, or in Windows-1252 (what
//     "CSV" means in Excel on a Finnish Windows): a file that is not valid
//     UTF-8 is read as Windows-1252. UTF-16 ("Unicode text") is refused
//     with a hint to save as CSV. Lines may end in CRLF, LF or CR alone;
//   - quoted as RFC 4180 says: a cell with the separator, a quote or a line
//     break is in double quotes, and a quote inside one is doubled.
//
// The first non-empty row is the header. Its columns may come in any order;
// their names are compared ignoring case, surrounding spaces, runs of
// spaces and the dots of ä and ö ("Taso ", "TYOKALU" and "yksikko" are
// taso, työkalu and yksikkö):
//
//	yksikkö      the unit, e.g. "Kotihoito Lahti itä" (required)
//	palvelualue  a service area's id or name from site.yaml (required)
//	työkalu      a tool's id or title (required)
//	arvioitu     the assessment date: 31.5.2021 or 2021-05-31; a time
//	             after it ("31.5.2021 0:00") is ignored (required)
//	taso         the level, a whole number 0-500 (required)
//	mentori      who assessed: read, never stored and never published
//	huomio       a note, shown only on the per-unit pages
//
// Other columns are reported as warnings (with the closest known name) and
// ignored; empty header cells (Excel saves the sheet's width) are ignored
// silently, as are rows whose cells are all empty. Units, areas and tools
// are matched the same lenient way as headers; a unit is the same unit in
// every round when its name matches so.
//
// Levels: any whole number from 0 to 500 is valid, as the pilot's meter
// was a 0-500 scale whose figures are means. The six named levels (0, 100,
// ... 500) are the steps: a score counts at the named level at or below it
// (250 at 200) in the per-level counts, and as itself in the means. "300,0"
// (a cell formatted with decimals) is 300.
//
// A round's name is its file's name without .csv unless site.yaml's
// maturity.rounds names it. Rounds are ordered by their latest assessment
// date (then by file name).
//
// # Problems
//
// Read reports every problem of every file at once, each at its file, line
// and column (the column of the cell, in characters; the generator turns
// them into diagnostics): a missing, doubled or unknown column, an empty
// required cell, a level that is not a whole number or outside 0-500, a
// bad date, an unknown area or tool (with the closest id or name), the
// same unit and tool twice in one round, and CSV that cannot be read (a
// stray quote). A row with an error is left out; the build fails on
// errors, so the last good site stays in place.
//
// # Figures
//
// For each service area (AreaFigures): the mean level of its assessments
// in each round, and the growth from its first round to its latest,
// (mean of latest - mean of first) / mean of first, over the (unit, tool)
// pairs of the area assessed in both rounds, so that units that joined
// later do not count as growth. Percent writes it as "+26 %".
//
// For each tool (ToolFigures): how many units are at each level in the
// latest round that assessed the tool, and in the round before that, and
// how many are below the help level (site.yaml's maturity.helpBelow,
// DefaultHelpBelow): the pages point those units to the tool's learning
// paths and cards for beginners.
//
// The figures are aggregates: there are per-unit pages only when site.yaml
// says maturity.units: true, and no page ranks units, as NHS England's
// Digital Maturity Assessment is not a league table either.
//
// # Charts
//
// AreaFigures.Chart and ToolFigures.Chart draw SVG at build time, for
// pages that need no script: sideways bars readable on a 390-pixel phone
// and on paper, every bar labelled with its number, the rounds of a tool
// told apart by pattern as well as by colour-blind-safe colour, and
// role="img" with a title and a description. Pages follow each chart with
// the same numbers in a table.
package maturity
