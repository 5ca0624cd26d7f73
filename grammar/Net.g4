// The .net language: one feed-forward network per file, in the notation of lecture 4.
//
//   network lecture4 {
//     input 4
//     hidden 3 logistic
//     hidden 3 tanh
//     output 2 softmax
//     loss cross_entropy
//     init xavier seed 42
//   }
//
// One statement per line (or separated by ';'). Only statement words are keywords: activations,
// output functions, losses, init schemes, options and training settings are identifiers that the
// compiler resolves (with did-you-mean suggestions), so new names never change the grammar.
// Activations users define come before the network (issue 13), each with the derivative its author
// derived; `hidden 8 swish` then names one like a built-in:
//
//   activation swish(z) = z * logistic(z)
//     derivative logistic(z) * (1 + z * (1 - logistic(z)))
grammar Net;

spec
    : sep? (activationDef sep)* definition sep? EOF
    ;

// The derivative is optional here so that its absence gets "activation swish has no derivative" from
// the compiler rather than a syntax error.
activationDef
    : ACTIVATION name=ID LPAREN parameter=ID RPAREN EQUALS body=expr (sep? DERIVATIVE derivative=expr)?
    ;

// Earlier alternatives bind tighter: ^ (right-associative) before unary minus, so -z^2 is -(z^2);
// then * and /, then + and -.
expr
    : function=ID LPAREN (expr (COMMA expr)*)? RPAREN   # call
    | LPAREN expr RPAREN                                # parens
    | NUMBER                                            # literal
    | ID                                                # word
    | <assoc=right> expr op=CARET expr                  # power
    | MINUS expr                                        # negate
    | expr op=(STAR | SLASH) expr                       # product
    | expr op=(PLUS | MINUS) expr                       # sum
    ;

definition
    : NETWORK name=ID LBRACE block RBRACE
    ;

// Statements go one per line; the AST builder reports two on one line without ';' between them.
// (Writing the separators into this rule would make ANTLR's error recovery skip whole blocks.)
block
    : (sep | statement)*
    ;

// The last alternative takes any line that starts with a word that is not a keyword (a misspelt
// 'hiden 3 tanh', or 'trian { ... }' with its block), so the compiler can say "did you mean".
statement
    : INPUT size=number                          # input
    | HIDDEN_KW width=number activation option*  # hidden
    | OUTPUT width=number function=ID            # output
    | LOSS loss=ID                               # loss
    | INIT scheme=ID option*                     # init
    | DECAY lambda=number                        # decay
    | REPEAT count=number LBRACE block RBRACE    # repeat
    | TRAIN LBRACE settings RBRACE               # train
    | word=ID (~(NL | SEMI | LBRACE | RBRACE))* (LBRACE block RBRACE)?  # unknown
    ;

activation
    : name=ID (LPAREN parameter=number RPAREN)?
    ;

// Also a hidden layer's options: 'batchnorm', 'eps 1e-5' (after batchnorm), 'dropout 0.2'.
// The value is optional here so that 'init xavier seed' gets "expected a number after 'seed'" from
// the AST builder rather than being read as a second statement.
option
    : key=ID value=number?
    ;

settings
    : (sep | setting)*
    ;

setting
    : key=ID (number | name=ID)
    ;

number
    : MINUS? NUMBER
    ;

sep
    : (NL | SEMI)+
    ;

NETWORK : 'network' ;
INPUT   : 'input' ;
HIDDEN_KW : 'hidden' ;
OUTPUT  : 'output' ;
LOSS    : 'loss' ;
INIT    : 'init' ;
DECAY   : 'decay' ;
REPEAT  : 'repeat' ;
TRAIN   : 'train' ;
ACTIVATION : 'activation' ;
DERIVATIVE : 'derivative' ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
SEMI   : ';' ;
MINUS  : '-' ;
PLUS   : '+' ;
STAR   : '*' ;
SLASH  : '/' ;
CARET  : '^' ;
COMMA  : ',' ;
EQUALS : '=' ;

NUMBER
    : DIGIT+ ('.' DIGIT*)? EXPONENT?
    | '.' DIGIT+ EXPONENT?
    ;

// Names may use any Unicode letter (README: "letters, digits and _"), so "relü" is an unknown activation with a
// suggestion rather than a stray character that derails the parse.
ID : [\p{L}_] [\p{L}\p{Nd}_]* ;

NL      : '\r'? '\n' | '\r' ;
COMMENT : '#' ~[\r\n]* -> skip ;
WS      : [ \t\f]+ -> skip ;

// Any other character becomes a token of its own, so the lexer never reports errors: the parser
// does, with the message "unexpected character".
ERROR_CHAR : . ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
