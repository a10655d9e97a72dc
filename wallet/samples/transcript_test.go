package samples_test

import (
	"fmt"
	"testing"

	"github.com/learnerwallet/learnerwallet/wallet/samples"
)

// course is one course of the sample transcript.
type course struct {
	code, name, term, grade string
	credits                 int
}

var courses = []course{
	{"DA101", "Introduction to Data Analytics", "Fall 2024", "A", 3},
	{"MAT140", "Statistics I", "Fall 2024", "B+", 4},
	{"CS110", "Programming with Python", "Spring 2025", "A-", 4},
	{"DA150", "Databases and SQL", "Spring 2025", "A", 3},
	{"DA210", "Data Visualization", "Fall 2025", "A-", 3},
	{"DA290", "Data Analytics Capstone", "Fall 2025", "B", 3},
}

const (
	programName = "Sample Associate of Science in Data Analytics"
	programID   = samples.Base + "programs/as-data-analytics"
	gradeScale  = samples.Base + "results/letter-grade"
)

func letterGrade() []any {
	return []any{map[string]any{
		"id": gradeScale, "type": []any{"ResultDescription"}, "name": "Letter grade", "resultType": "LetterGrade",
		"allowedValue": []any{"A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F"},
	}}
}

func courseID(c course) string { return samples.Base + "courses/" + c.code }

// courseCredential is one course, an AchievementCredential of its own.
func (is issuer) courseCredential(t *testing.T, n int, c course) map[string]any {
	return is.sign(t, map[string]any{
		"@context":  v2Contexts,
		"id":        fmt.Sprintf("%s%02d", uuid, 20+n),
		"type":      []any{"VerifiableCredential", "AchievementCredential"},
		"name":      c.code + " " + c.name + " (sample)",
		"issuer":    is.profile(),
		"validFrom": termEnd(c.term),
		"credentialSubject": map[string]any{
			"type":          []any{"AchievementSubject"},
			"identifier":    learner(),
			"creditsEarned": c.credits,
			"term":          c.term,
			"result":        []any{map[string]any{"type": []any{"Result"}, "resultDescription": gradeScale, "value": c.grade}},
			"achievement": map[string]any{
				"id":                courseID(c),
				"type":              []any{"Achievement"},
				"achievementType":   "Course",
				"humanCode":         c.code,
				"name":              c.name,
				"description":       c.name + ", a course of the " + programName + "." + notReal,
				"creditsAvailable":  c.credits,
				"criteria":          map[string]any{"narrative": "Completed the course with a passing grade."},
				"resultDescription": letterGrade(),
			},
		},
	})
}

func termEnd(term string) string {
	switch term {
	case "Fall 2024":
		return "2024-12-20T00:00:00Z"
	case "Spring 2025":
		return "2025-05-16T00:00:00Z"
	}
	return "2025-12-19T00:00:00Z"
}

// transcript is the sample CLR: the program's credential, then its six
// courses, each a credential of its own, and the program's isParentOf
// associations to them.
func (is issuer) transcript(t *testing.T) map[string]any {
	total := 0
	for _, c := range courses {
		total += c.credits
	}
	program := is.sign(t, map[string]any{
		"@context":  v2Contexts,
		"id":        uuid + "10",
		"type":      []any{"VerifiableCredential", "AchievementCredential"},
		"name":      programName + " (sample)",
		"issuer":    is.profile(),
		"validFrom": "2025-12-19T00:00:00Z",
		"credentialSubject": map[string]any{
			"type":          []any{"AchievementSubject"},
			"identifier":    learner(),
			"creditsEarned": total,
			"term":          "Fall 2025",
			"achievement": map[string]any{
				"id":               programID,
				"type":             []any{"Achievement"},
				"achievementType":  "AssociateDegree",
				"name":             programName,
				"description":      fmt.Sprintf("A two-year program in collecting, cleaning, analysing and presenting data; this sample transcript lists %d of its courses, %d credits.%s", len(courses), total, notReal),
				"creditsAvailable": total,
				"criteria":         map[string]any{"narrative": "Completed every course of the program with a passing grade."},
			},
		},
	})
	vcs := []any{program}
	var assoc []any
	for i, c := range courses {
		vcs = append(vcs, is.courseCredential(t, i+1, c))
		assoc = append(assoc, map[string]any{"type": "Association", "associationType": "isParentOf", "sourceId": programID, "targetId": courseID(c)})
	}
	return is.sign(t, map[string]any{
		"@context":    clrContexts,
		"id":          uuid + "09",
		"type":        []any{"VerifiableCredential", "ClrCredential"},
		"name":        "Sample Transcript: " + programName,
		"description": "The learner record of a sample learner, Sam Ple." + notReal,
		"issuer":      is.profile(),
		"validFrom":   "2025-12-19T00:00:00Z",
		"credentialSubject": map[string]any{
			"type":                 []any{"ClrSubject"},
			"identifier":           learner(),
			"verifiableCredential": vcs,
			"association":          assoc,
		},
		"credentialSchema": []any{map[string]any{
			"id":   "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
			"type": "1EdTechJsonSchemaValidator2019",
		}},
	})
}
