package ziwei

// Placeholder until the generator lands (replaced by tables_gen.go).

const NumStars = 1
const starsPerBoard = 66
const horoStarsPerYear = 21

var starNames [3][NumStars]string
var starKeys [NumStars]string
var starKinds [NumStars]StarKind
var palaceNames [3][12]string
var fiveClassNames [3][5]string
var brightnessNames [3][8]string
var mutagenNames [3][5]string
