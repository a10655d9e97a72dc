package wallet

// A learner record read as a transcript: its credentials arranged as the
// record's associations say (a program, and under it its courses), each
// with its result, credits and term.

// TranscriptRow is one line of a transcript: a credential of the record,
// at its depth (0 for what nothing in the record contains).
type TranscriptRow struct {
	Item  Item
	Depth int
}

// maxTranscriptDepth bounds how deep a transcript nests, whatever the
// associations say.
const maxTranscriptDepth = 8

// Transcript arranges a record's nested items (as Items lists them, in the
// record's order) by the record's associations: isParentOf and its
// inverses isChildOf and isPartOf put one achievement under another; other
// kinds (precedes, isRelatedTo…) leave the order alone. Associations that
// name achievements the record holds no credential for, that loop, or
// that give an achievement two parents (the first counts) change nothing
// else. Every item appears exactly once.
func Transcript(record Item, children []Item) []TranscriptRow {
	// Which items carry each achievement id (several may: a record can
	// hold the same course twice).
	byAchievement := map[string][]int{}
	for i, c := range children {
		if id := c.Summary.AchievementID; id != "" {
			byAchievement[id] = append(byAchievement[id], i)
		}
	}
	// parentOf maps an achievement id to its parent's, the first stated.
	parentOf := map[string]string{}
	link := func(child, parent string) {
		if child == parent || len(byAchievement[child]) == 0 || len(byAchievement[parent]) == 0 {
			return
		}
		if _, ok := parentOf[child]; !ok {
			parentOf[child] = parent
		}
	}
	for _, a := range record.Summary.Associations {
		switch a.Type {
		case "isParentOf":
			link(a.Target, a.Source)
		case "isChildOf", "isPartOf":
			link(a.Source, a.Target)
		}
	}
	// An achievement whose chain of parents loops back to itself is put at
	// the top, which breaks the loop: the first in the record's order.
	for _, c := range children {
		id := c.Summary.AchievementID
		if _, ok := parentOf[id]; !ok {
			continue
		}
		seen := map[string]bool{id: true}
		for p, ok := parentOf[id]; ok; p, ok = parentOf[p] {
			if seen[p] || len(seen) > maxTranscriptDepth {
				delete(parentOf, id)
				break
			}
			seen[p] = true
		}
	}
	kids := map[int][]int{} // item index → its children's indexes
	var roots []int
	for i, c := range children {
		p, ok := parentOf[c.Summary.AchievementID]
		if !ok {
			roots = append(roots, i)
			continue
		}
		// Under the first item carrying the parent achievement.
		kids[byAchievement[p][0]] = append(kids[byAchievement[p][0]], i)
	}
	rows := make([]TranscriptRow, 0, len(children))
	placed := make([]bool, len(children))
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if placed[i] {
			return
		}
		placed[i] = true
		rows = append(rows, TranscriptRow{Item: children[i], Depth: min(depth, maxTranscriptDepth)})
		for _, k := range kids[i] {
			walk(k, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	for i := range children { // anything a loop kept from the walk
		walk(i, 0)
	}
	return rows
}
